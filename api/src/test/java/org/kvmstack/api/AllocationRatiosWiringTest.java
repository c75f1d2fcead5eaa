package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.config.ControllerConfig;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.cloud.host.Hosts;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.cloud.store.Database;

/** The configured allocation ratios reach the host rows the scheduler reads, and a restart applies a change. */
class AllocationRatiosWiringTest {
    @Test
    void configuredRatiosAreRegisteredOnEveryHostAndUpdatedAtTheNextStart(@TempDir Path dataDir) {
        startAndStop(config(dataDir, Map.of(ConfigLoader.COMPUTE_CPU_ALLOCATION_RATIO, "16",
                ConfigLoader.COMPUTE_RAM_ALLOCATION_RATIO, "1.5")));
        HostResources first = onlyHost(dataDir);
        assertThat(first.cpuAllocationRatio()).isEqualTo(16.0);
        assertThat(first.ramAllocationRatio()).isEqualTo(1.5);
        assertThat(first.diskAllocationRatio()).isEqualTo(1.0);
        assertThat(first.schedulableVcpus()).isEqualTo(first.vcpus() * 16L);

        startAndStop(config(dataDir, Map.of()));
        HostResources second = onlyHost(dataDir);
        assertThat(second.host().id()).isEqualTo(first.host().id());
        assertThat(second.cpuAllocationRatio()).isEqualTo(4.0);
        assertThat(second.ramAllocationRatio()).isEqualTo(1.0);
    }

    private static ControllerConfig config(Path dataDir, Map<String, String> ratios) {
        Map<String, String> values = new java.util.HashMap<>(ratios);
        values.put(ConfigLoader.DATA_DIR, dataDir.toString());
        values.put(ConfigLoader.PORT, "0");
        values.put(ConfigLoader.HOSTS, "lab=test:///default");
        return new ConfigLoader(Map.of(), dataDir.resolve("absent.conf")).load(Optional.empty(), values);
    }

    private static void startAndStop(ControllerConfig config) {
        Controller.start(config, Clock.systemUTC(), PasswordHasher.bcrypt(4)).close();
    }

    private static HostResources onlyHost(Path dataDir) {
        try (Database db = Database.open(config(dataDir, Map.of()).database())) {
            java.util.List<HostResources> hosts = new Hosts(db.jdbi(), Clock.systemUTC()).all();
            assertThat(hosts).hasSize(1);
            return hosts.get(0);
        }
    }
}
