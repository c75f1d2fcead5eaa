package org.kvmstack.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void parsesFormatsAndMeasures() {
        Ipv4Cidr c = Ipv4Cidr.parse("10.87.3.0/24");
        assertThat(c.toString()).isEqualTo("10.87.3.0/24");
        assertThat(c.netmask()).isEqualTo("255.255.255.0");
        assertThat(c.size()).isEqualTo(256);
        assertThat(c.address(1)).isEqualTo("10.87.3.1");
        assertThat(c.offsetOf("10.87.3.200")).isEqualTo(200);
        assertThat(Ipv4Cidr.parse("192.168.0.0/16").netmask()).isEqualTo("255.255.0.0");
        assertThat(Ipv4Cidr.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
    }

    @Test
    void highAddressesAreUnsigned() {
        Ipv4Cidr c = Ipv4Cidr.parse("200.1.2.0/24");
        assertThat(c.address(255)).isEqualTo("200.1.2.255");
        assertThat(c.contains(Ipv4Cidr.parseAddress("200.1.2.77"))).isTrue();
        assertThat(c.contains(Ipv4Cidr.parseAddress("200.1.3.77"))).isFalse();
    }

    @Test
    void overlapIsContainmentEitherWay() {
        Ipv4Cidr wide = Ipv4Cidr.parse("10.0.0.0/8");
        Ipv4Cidr narrow = Ipv4Cidr.parse("10.87.1.0/24");
        assertThat(wide.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(wide)).isTrue();
        assertThat(narrow.overlaps(Ipv4Cidr.parse("10.87.2.0/24"))).isFalse();
        assertThat(Ipv4Cidr.containing("192.168.122.1", 24)).isEqualTo(Ipv4Cidr.parse("192.168.122.0/24"));
    }

    @Test
    void refusesWhatItCannotMeanExactly() {
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.87.0.5/24")).hasMessageContaining("host bits")
                .hasMessageContaining("10.87.0.0/24");
        for (String bad : List.of("10.87.0.0", "10.87.0.0/33", "10.256.0.0/16", "a.b.c.d/8", "", "10.1.2/24")) {
            assertThatThrownBy(() -> Ipv4Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Ipv4Cidr.prefixOfNetmask("255.0.255.0")).hasMessageContaining("contiguous");
        assertThat(Ipv4Cidr.prefixOfNetmask("255.255.255.240")).isEqualTo(28);
    }
}
