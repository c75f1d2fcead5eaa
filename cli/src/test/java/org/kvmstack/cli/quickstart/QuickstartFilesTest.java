package org.kvmstack.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.config.ControllerConfig;

/** The state file, the controller's config file and the purge's refusals. */
class QuickstartFilesTest {
    @TempDir
    Path dir;

    @Test
    void stateRoundTrips() {
        Path file = dir.resolve("quickstart.properties");
        QuickstartState lab = new QuickstartState(Optional.of(dir.resolve("lab/kvmstack-lab")),
                "qemu+unix:///system?socket=/x y/libvirt-sock", 8080);
        lab.write(file);
        assertThat(QuickstartState.read(file)).contains(lab);

        QuickstartState adopted = new QuickstartState(Optional.empty(), "qemu:///system", 18080);
        adopted.write(file);
        assertThat(QuickstartState.read(file)).contains(adopted);
        assertThat(QuickstartState.read(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void controllerConfigLoadsBackAsWritten() {
        Path file = dir.resolve("kvmstack.conf");
        ControllerConfigFile.write(file, dir, "127.0.0.1", 18080, "qemu+unix:///system?socket=/a b/libvirt-sock");

        ControllerConfig config = new ConfigLoader(Map.of(), dir.resolve("none")).load(Optional.of(file), Map.of());
        assertThat(config.dataDir()).isEqualTo(dir);
        assertThat(config.port()).isEqualTo(18080);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.hosts()).containsExactly(Map.entry("lab", "qemu+unix:///system?socket=/a b/libvirt-sock"));
    }

    @Test
    void purgeRemovesOnlyADirectoryQuickstartMade() throws Exception {
        QuickstartLayout foreign = new QuickstartLayout(Files.createDirectories(dir.resolve("foreign")));
        Files.writeString(foreign.dataDir().resolve("precious"), "x");
        assertThatThrownBy(() -> DataDirPurge.purge(foreign)).isInstanceOf(QuickstartException.class)
                .hasMessageContaining("quickstart did not make it");
        assertThat(foreign.dataDir().resolve("precious")).exists();

        QuickstartLayout ours = new QuickstartLayout(Files.createDirectories(dir.resolve("ours")));
        new QuickstartState(Optional.empty(), "", 1).write(ours.stateFile());
        Files.createDirectories(ours.dataDir().resolve("lab/x"));
        Files.writeString(ours.dataDir().resolve("lab/x/f"), "x");
        DataDirPurge.purge(ours);
        assertThat(ours.dataDir()).doesNotExist();
    }

    @Test
    void mountsBelowAreFoundInTheMountTable() {
        assertThat(DataDirPurge.mountsBelow(Path.of("/proc"))).contains("/proc");
        assertThat(DataDirPurge.mountsBelow(dir)).isEmpty();
    }

    @Test
    void clientAddressOfABindAddress() {
        assertThat(Quickstart.clientAddress("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(Quickstart.clientAddress("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(Quickstart.clientAddress("::1")).isEqualTo("[::1]");
    }
}
