package org.kvmstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.DomainSummary;
import org.kvmstack.virt.VirtConnection;

class TestDriverHostTest {
    @Test
    void libvirtsTestDriverOpensTheHostWithItsDomainsRunning(@TempDir Path dir) throws Exception {
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        String uri = new TestDriverHost(64, 64L * 1024 * 1024, ids, 128 * 1024).write(dir.resolve("host.xml"));
        assertThat(Files.readString(dir.resolve("host.xml"))).startsWith("<node>");

        try (VirtConnection conn = VirtConnection.open(uri)) {
            assertThat(conn.nodeInfo().cpus()).isEqualTo(64);
            assertThat(conn.nodeInfo().memoryKiB()).isEqualTo(64L * 1024 * 1024);
            assertThat(conn.domains().list()).extracting(DomainSummary::uuid).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(conn.domains().list()).extracting(DomainSummary::state).containsOnly(DomainState.RUNNING);
            assertThat(conn.domains().list()).extracting(DomainSummary::name)
                    .contains(TestDriverHost.domainName(ids.get(0)));
        }
    }
}
