package org.kvmstack.cloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsToLoopbackPort8080AndSqliteInTheDataDirectory() {
        ControllerConfig config = new ConfigLoader(Map.of(), dir.resolve("absent.conf")).load(Optional.empty(), Map.of(ConfigLoader.DATA_DIR, dir.toString()));
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.tokenTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("kvmstack.db"));
        assertThat(config.publicUrl()).isEmpty();
        assertThat(config.stopTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.reconcileInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void computeTimersComeFromFileAndEnvironmentAndZeroTurnsReconcilingOff() throws Exception {
        Path file = dir.resolve("kvmstack.conf");
        Files.writeString(file, "compute.stop_timeout = PT2M\ncompute.reconcile_interval = 30\n");
        ControllerConfig fromFile = new ConfigLoader(Map.of()).load(Optional.of(file), Map.of());
        assertThat(fromFile.stopTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(fromFile.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));

        ControllerConfig fromEnv = new ConfigLoader(Map.of("KVMSTACK_COMPUTE_RECONCILE_INTERVAL", "0",
                "KVMSTACK_COMPUTE_STOP_TIMEOUT", "5"), dir.resolve("absent.conf")).load(Optional.empty(), Map.of());
        assertThat(fromEnv.reconcileInterval()).isZero();
        assertThat(fromEnv.stopTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void computeTimersFailFastNamingKeyAndSource() {
        ConfigLoader absent = new ConfigLoader(Map.of(), dir.resolve("absent.conf"));
        assertThatThrownBy(() -> absent.load(Optional.empty(), Map.of(ConfigLoader.COMPUTE_STOP_TIMEOUT, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("compute.stop_timeout")
                .hasMessageContaining("command line").hasMessageContaining("positive");
        assertThatThrownBy(() -> absent.load(Optional.empty(), Map.of(ConfigLoader.COMPUTE_RECONCILE_INTERVAL, "-PT1S")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("compute.reconcile_interval");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("KVMSTACK_COMPUTE_STOP_TIMEOUT", "a minute"),
                dir.resolve("absent.conf")).load(Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KVMSTACK_COMPUTE_STOP_TIMEOUT");
    }

    @Test
    void allocationRatiosDefaultToNovasAndComeFromFileAndEnvironment() throws Exception {
        ConfigLoader absent = new ConfigLoader(Map.of(), dir.resolve("absent.conf"));
        assertThat(absent.load(Optional.empty(), Map.of()).allocationRatios())
                .isEqualTo(new AllocationRatios(4.0, 1.0, 1.0));

        Path file = dir.resolve("kvmstack.conf");
        Files.writeString(file, "compute.cpu_allocation_ratio = 16\ncompute.ram_allocation_ratio = 1.5\n");
        ControllerConfig config = new ConfigLoader(Map.of("KVMSTACK_COMPUTE_DISK_ALLOCATION_RATIO", "0.9"))
                .load(Optional.of(file), Map.of());
        assertThat(config.allocationRatios()).isEqualTo(new AllocationRatios(16.0, 1.5, 0.9));
    }

    @Test
    void spareAddressesDefaultTo24ComeFromFileOrEnvironmentAndFailFastOutOfRange() throws Exception {
        ConfigLoader absent = new ConfigLoader(Map.of(), dir.resolve("absent.conf"));
        assertThat(absent.load(Optional.empty(), Map.of()).spareAddresses()).isEqualTo(24);
        Path file = dir.resolve("spares.conf");
        Files.writeString(file, "network.spare_addresses = 0\n");
        assertThat(absent.load(Optional.of(file), Map.of()).spareAddresses()).isZero();
        assertThat(new ConfigLoader(Map.of("KVMSTACK_NETWORK_SPARE_ADDRESSES", "3"), dir.resolve("absent.conf"))
                .load(Optional.empty(), Map.of()).spareAddresses()).isEqualTo(3);
        for (String bad : List.of("-1", "65", "many", "1.5")) {
            assertThatThrownBy(() -> new ConfigLoader(Map.of("KVMSTACK_NETWORK_SPARE_ADDRESSES", bad),
                    dir.resolve("absent.conf")).load(Optional.empty(), Map.of()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("network.spare_addresses");
        }
    }

    @Test
    void computeWorkersDefaultTo24ComeFromFileOrEnvironmentAndFailFastOutOfRange() throws Exception {
        ConfigLoader absent = new ConfigLoader(Map.of(), dir.resolve("absent.conf"));
        assertThat(absent.load(Optional.empty(), Map.of()).computeWorkers()).isEqualTo(24);
        Path file = dir.resolve("workers.conf");
        Files.writeString(file, "compute.workers = 6\n");
        assertThat(absent.load(Optional.of(file), Map.of()).computeWorkers()).isEqualTo(6);
        assertThat(new ConfigLoader(Map.of("KVMSTACK_COMPUTE_WORKERS", "40"), dir.resolve("absent.conf"))
                .load(Optional.empty(), Map.of()).computeWorkers()).isEqualTo(40);
        for (String bad : List.of("0", "-1", "257", "many", "1.5")) {
            assertThatThrownBy(() -> new ConfigLoader(Map.of("KVMSTACK_COMPUTE_WORKERS", bad),
                    dir.resolve("absent.conf")).load(Optional.empty(), Map.of()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("compute.workers")
                    .hasMessageContaining("1 to 256");
        }
    }

    @Test
    void allocationRatiosFailFastUnlessPositiveDecimals() {
        ConfigLoader absent = new ConfigLoader(Map.of(), dir.resolve("absent.conf"));
        for (String bad : List.of("0", "-1", "NaN", "1e3", "four", "0.0")) {
            assertThatThrownBy(() -> absent.load(Optional.empty(),
                    Map.of(ConfigLoader.COMPUTE_CPU_ALLOCATION_RATIO, bad)))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("compute.cpu_allocation_ratio = '" + bad + "'")
                    .hasMessageContaining("command line").hasMessageContaining("positive number");
        }
        assertThatThrownBy(() -> new ConfigLoader(Map.of("KVMSTACK_COMPUTE_RAM_ALLOCATION_RATIO", "-2"),
                dir.resolve("absent.conf")).load(Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KVMSTACK_COMPUTE_RAM_ALLOCATION_RATIO");
        assertThatThrownBy(() -> new AllocationRatios(1, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ram");
    }

    @Test
    void environmentOverridesTheFileAndTheCommandLineOverridesBoth() throws Exception {
        Path file = dir.resolve("kvmstack.conf");
        Files.writeString(file, "port = 9000\nbind_address = 0.0.0.0\npublic_url = http://cloud.example.com:9000/\n"
                + "database.url = jdbc:postgresql://db:5432/kvmstack\ndatabase.password = s3cret\ntoken_ttl = 600\n");
        ControllerConfig config = new ConfigLoader(Map.of("KVMSTACK_PORT", "9100", "KVMSTACK_DATA_DIR", dir.toString()))
                .load(Optional.of(file), Map.of(ConfigLoader.BIND_ADDRESS, "127.0.0.2"));
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.2");
        assertThat(config.publicUrl()).contains(URI.create("http://cloud.example.com:9000"));
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/kvmstack");
        assertThat(config.database().toString()).doesNotContain("s3cret");
        assertThat(config.tokenTtl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void readsTheDefaultFileWhenPresent() throws Exception {
        Path defaults = dir.resolve("kvmstack.conf");
        Files.writeString(defaults, "port = 8181\n");
        assertThat(new ConfigLoader(Map.of(), defaults).load(Optional.empty(), Map.of()).port()).isEqualTo(8181);
    }

    @Test
    void failsFastWithTheKeyAndSource() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of("KVMSTACK_PORT", "eighty"), dir.resolve("absent.conf"));
        assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("port").hasMessageContaining("KVMSTACK_PORT");
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "prot = 80\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown configuration key 'prot'");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(dir.resolve("missing.conf")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("KVMSTACK_PUBLIC_URL", "cloud:8080")).load(Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("public_url");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("KVMSTACK_DATABASE_URL", "jdbc:mysql://x")).load(Optional.empty(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database.url");
    }

    @Test
    void imageMaxSizeTakesBytesOrABinarySuffixAndIsUnlimitedByDefault() {
        ConfigLoader loader = new ConfigLoader(Map.of("KVMSTACK_IMAGE_MAX_SIZE", "2G"), dir.resolve("absent.conf"));
        assertThat(loader.load(Optional.empty(), Map.of(ConfigLoader.DATA_DIR, dir.toString())).imageMaxSize())
                .hasValue(2L << 30);
        assertThat(new ConfigLoader(Map.of(), dir.resolve("absent.conf")).load(Optional.empty(),
                Map.of(ConfigLoader.DATA_DIR, dir.toString(), ConfigLoader.IMAGE_MAX_SIZE, "4096")).imageMaxSize())
                .hasValue(4096);
        assertThat(new ConfigLoader(Map.of(), dir.resolve("absent.conf")).load(Optional.empty(),
                Map.of(ConfigLoader.DATA_DIR, dir.toString())).imageMaxSize()).isEmpty();
        for (String bad : List.of("-1", "0", "lots", "9999999T")) {
            assertThatThrownBy(() -> new ConfigLoader(Map.of("KVMSTACK_IMAGE_MAX_SIZE", bad),
                    dir.resolve("absent.conf")).load(Optional.empty(), Map.of(ConfigLoader.DATA_DIR, dir.toString())))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("image.max_size")
                    .hasMessageContaining("KVMSTACK_IMAGE_MAX_SIZE");
        }
    }
}
