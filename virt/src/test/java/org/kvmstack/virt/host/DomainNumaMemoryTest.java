package org.kvmstack.virt.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;

class DomainNumaMemoryTest {
    @Test
    void numaMapsPagesAreSummedPerNodeWithTheirPageSize() {
        String maps = """
                7f0000000000 default anon=256 dirty=256 N0=200 N1=56 kernelpagesize_kB=4
                7f0000100000 bind:1 anon=2 dirty=2 N1=2 kernelpagesize_kB=2048
                7f0000200000 default file=/usr/bin/qemu mapped=10 N0=10 kernelpagesize_kB=4
                """;
        assertThat(DomainNumaMemory.parseNumaMaps(maps))
                .isEqualTo(Map.of(0, 210L * 4096, 1, 56L * 4096 + 2L * 2048 * 1024));
    }

    @Test
    void readsThisMachinesRealNumaMaps() throws Exception {
        Path self = Path.of("/proc/self/numa_maps");
        if (!Files.exists(self)) {
            return; // kernel without NUMA support: nothing to compare with
        }
        var perNode = DomainNumaMemory.parseNumaMaps(Files.readString(self));
        assertThat(perNode).containsKey(0);
        assertThat(perNode.get(0)).isPositive();
    }

    @Test
    void onlyLocalQemuUrisHaveProcesses() {
        assertThat(DomainNumaMemory.whyNotLocalQemu("qemu:///system")).isNull();
        assertThat(DomainNumaMemory.whyNotLocalQemu("qemu+unix:///system?socket=/tmp/x/libvirt-sock")).isNull();
        assertThat(DomainNumaMemory.whyNotLocalQemu("qemu+tcp://10.0.0.2/system")).contains("remote");
        assertThat(DomainNumaMemory.whyNotLocalQemu("qemu+ssh://root@h2/system")).contains("remote");
        assertThat(DomainNumaMemory.whyNotLocalQemu("test:///default")).contains("runs no QEMU");
    }

    @Test
    void theTestDriverSaysNotAvailable() {
        try (VirtConnection c = VirtConnection.open("test:///default")) {
            DomainNumaUsage usage = new DomainNumaMemory().read(c, DomainRef.of("test"));
            assertThat(usage.available()).isFalse();
            assertThat(usage.notAvailableReason()).contains("test");
            assertThat(usage.domain()).isEqualTo("test");
        }
    }
}
