package org.kvmstack.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetPoolTest {

    @Test
    void defaultPoolIsThe24sOf10dot87() {
        List<Ipv4Cidr> candidates = SubnetPool.defaults().candidates();
        assertThat(candidates).hasSize(256);
        assertThat(candidates.get(0)).hasToString("10.87.0.0/24");
        assertThat(candidates.get(255)).hasToString("10.87.255.0/24");
    }

    @Test
    void firstFreeSkipsEveryOverlap() {
        SubnetPool pool = SubnetPool.parse("192.168.122.0/23, 10.87.0.0/22");
        assertThat(pool.candidates()).extracting(Object::toString)
                .containsExactly("192.168.122.0/24", "192.168.123.0/24", "10.87.0.0/24", "10.87.1.0/24",
                        "10.87.2.0/24", "10.87.3.0/24");
        // libvirt's usual default network, and a host route covering all of 192.168.122.0/23's upper half
        List<Ipv4Cidr> occupied = List.of(Ipv4Cidr.parse("192.168.122.0/24"), Ipv4Cidr.parse("192.168.123.128/25"),
                Ipv4Cidr.parse("10.87.0.0/23"));
        assertThat(pool.firstFree(occupied)).contains(Ipv4Cidr.parse("10.87.2.0/24"));
        assertThat(pool.firstFree(List.of(Ipv4Cidr.parse("0.0.0.0/0")))).isEmpty();
    }

    @Test
    void settingErrorsSayWhatIsWrong() {
        assertThatThrownBy(() -> SubnetPool.parse("10.87.0.0/25")).hasMessageContaining("smaller than a /24");
        assertThatThrownBy(() -> SubnetPool.parse("10.87.0.0/16,nonsense"))
                .hasMessageContaining("network.default_cidr").hasMessageContaining("nonsense");
        assertThatThrownBy(() -> SubnetPool.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void aWidePoolIsBounded() {
        assertThat(SubnetPool.parse("10.0.0.0/8").candidates()).hasSize(4096);
    }

    @Test
    void layoutOfA24KeepsFixedAndDynamicRangesApart() {
        SubnetLayout l = SubnetLayout.of(Ipv4Cidr.parse("10.87.1.0/24"));
        assertThat(l.gateway()).isEqualTo("10.87.1.1");
        assertThat(l.allocationStart()).isEqualTo("10.87.1.2");
        assertThat(l.allocationEnd()).isEqualTo("10.87.1.199");
        assertThat(l.dhcpStart()).isEqualTo("10.87.1.200");
        assertThat(l.dhcpEnd()).isEqualTo("10.87.1.254");
        SubnetLayout small = SubnetLayout.of(Ipv4Cidr.parse("10.9.9.0/28"));
        assertThat(small.allocationEnd()).isEqualTo("10.9.9.11");
        assertThat(small.dhcpStart()).isEqualTo("10.9.9.12");
        assertThat(small.dhcpEnd()).isEqualTo("10.9.9.14");
    }
}
