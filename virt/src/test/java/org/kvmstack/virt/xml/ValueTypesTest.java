package org.kvmstack.virt.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValueTypesTest {
    @Test
    void macAddressesAreValidatedAndLowerCased() {
        assertThat(MacAddress.of("52:54:00:AB:cd:0F").value()).isEqualTo("52:54:00:ab:cd:0f");
        for (String bad : new String[] {"", "52:54:00:ab:cd", "52-54-00-ab-cd-ef", "52:54:00:ab:cd:eg",
                "52:54:00:ab:cd:ef:00", "5254.00ab.cdef"}) {
            assertThatThrownBy(() -> MacAddress.of(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAC address");
        }
    }

    @Test
    void uuidsAreStrict() {
        assertThat(Uuids.parse("6695eb01-f6a4-8304-79aa-97f2502e193f")).hasToString("6695eb01-f6a4-8304-79aa-97f2502e193f");
        assertThat(Uuids.parse("6695eb01f6a4830479aa97f2502e193f")).hasToString("6695eb01-f6a4-8304-79aa-97f2502e193f");
        for (String bad : new String[] {"1-2-3-4-5", "6695eb01-f6a4-8304-79aa-97f2502e193", "zz95eb01-f6a4-8304-79aa-97f2502e193f", ""}) {
            assertThatThrownBy(() -> Uuids.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("UUID");
        }
    }

    @Test
    void sizesFollowLibvirtUnits() {
        assertThat(Sizes.toBytes(1, "KiB", "bytes")).isEqualTo(1024);
        assertThat(Sizes.toBytes(1, "k", "bytes")).isEqualTo(1024);
        assertThat(Sizes.toBytes(1, "KB", "bytes")).isEqualTo(1000);
        assertThat(Sizes.toBytes(2, "G", "bytes")).isEqualTo(2L << 30);
        assertThat(Sizes.toBytes(5, null, "KiB")).isEqualTo(5 * 1024);
        assertThatThrownBy(() -> Sizes.toBytes(1, "parsecs", "b")).isInstanceOf(XmlParseException.class);
        assertThatThrownBy(() -> Sizes.toBytes(Long.MAX_VALUE, "EiB", "b")).isInstanceOf(XmlParseException.class);
    }

    @Test
    void ipLiteralsAreCheckedWithoutResolvingNames() {
        assertThat(IpAddresses.isIpv4("192.168.122.1")).isTrue();
        assertThat(IpAddresses.isIpv4("256.1.1.1")).isFalse();
        assertThat(IpAddresses.isIpv6("fd00::1")).isTrue();
        assertThatThrownBy(() -> IpAddresses.requireIp("example.org", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
