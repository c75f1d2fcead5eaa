package org.kvmstack.cli.quickstart;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where quickstart keeps what it creates, all under one data directory (default
 * {@code /var/lib/kvmstack}) so that {@code quickstart stop --purge} can remove it in one go.
 *
 * @param dataDir the controller's data directory
 */
public record QuickstartLayout(Path dataDir) {
    /** The default data directory, the controller's own default. */
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/kvmstack");

    public QuickstartLayout {
        dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
    }

    /** The controller's configuration ({@code kvmstack serve --config}). */
    public Path configFile() {
        return dataDir.resolve("kvmstack.conf");
    }

    /** PID of the background controller. */
    public Path controllerPidFile() {
        return dataDir.resolve("controller.pid");
    }

    /** stdout and stderr of the background controller. */
    public Path controllerLog() {
        return dataDir.resolve("controller.log");
    }

    /** What quickstart set up (lab host, port); also the marker that this data directory is quickstart's. */
    public Path stateFile() {
        return dataDir.resolve("quickstart.properties");
    }

    /** State root of the lab host's test bed (not under any directory the lab host mounts over). */
    public Path labRoot() {
        return dataDir.resolve("lab");
    }

    /** Written by the controller at bootstrap. */
    public Path adminPasswordFile() {
        return dataDir.resolve("admin-password");
    }

    public Path cloudsYaml() {
        return dataDir.resolve("clouds.yaml");
    }

    public Path openrc() {
        return dataDir.resolve("openrc");
    }
}
