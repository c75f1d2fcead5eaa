package org.kvmstack.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvmstack.api.Controller;
import org.kvmstack.cli.CliRunner;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.testbed.CommandResult;
import org.kvmstack.testbed.TestBed;
import org.kvmstack.testbed.TestBedConfig;

/**
 * A one-host test bed (libvirtd + QEMU in namespaces named after this branch) with the real controller in-process
 * pointed at it, and the admin's OS_* environment for running {@code kvmstack} commands in-process.
 */
final class CloudOnTestBed implements AutoCloseable {
    static final Duration LIMIT = Duration.ofSeconds(180);

    private final TestBed bed;
    private final Path dataDir;
    private final Controller controller;
    private final Map<String, String> environment;

    private CloudOnTestBed(TestBed bed, Path dataDir, Controller controller, Map<String, String> environment) {
        this.bed = bed;
        this.dataDir = dataDir;
        this.controller = controller;
        this.environment = environment;
    }

    /** @param prefix names the bed's namespaces: 1–11 characters of [a-z0-9-], a random suffix is added */
    static CloudOnTestBed start(String prefix) throws IOException {
        TestBed.cleanupStale(TestBedConfig.defaultStateRoot());
        TestBed bed = TestBed.start(TestBedConfig.hosts(1).withGuestNetwork(false)
                .withBedName(String.format("%s-%04x", prefix, new SecureRandom().nextInt(0x10000))));
        Path dataDir = null;
        try {
            dataDir = Files.createTempDirectory(prefix + "-it-");
            var config = new ConfigLoader(Map.of(), dataDir.resolve("absent.conf")).load(Optional.empty(), Map.of(
                    ConfigLoader.DATA_DIR, dataDir.toString(), ConfigLoader.PORT, "0",
                    ConfigLoader.HOSTS, "lab=" + bed.host(1).localUri()));
            Controller controller = Controller.start(config, Clock.systemUTC(), PasswordHasher.bcrypt(4));
            String password = controller.generatedAdminPassword().orElseThrow();
            Map<String, String> environment = Map.of(
                    "OS_AUTH_URL", "http://127.0.0.1:" + controller.port() + "/identity/v3",
                    "OS_USERNAME", "admin", "OS_PASSWORD", password, "OS_PROJECT_NAME", "admin",
                    "OS_USER_DOMAIN_NAME", "Default", "OS_PROJECT_DOMAIN_NAME", "Default");
            return new CloudOnTestBed(bed, dataDir, controller, environment);
        } catch (IOException | RuntimeException e) {
            bed.close();
            deleteTree(dataDir);
            throw e;
        }
    }

    Map<String, String> environment() {
        return environment;
    }

    Path dataDir() {
        return dataDir;
    }

    CliRunner.Run cli(String... args) {
        return CliRunner.run(environment, args);
    }

    /** Runs a command inside the host's namespaces (virsh, qemu-img on its pool). */
    CommandResult onHost(String... command) {
        return bed.host(1).exec(List.of(command)).orThrow();
    }

    static CliRunner.Run ok(CliRunner.Run run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    /** Polls {@code server console-log} (1 s apart, at most {@link #LIMIT}) until it holds {@code text}. */
    String awaitConsoleLog(String server, String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(LIMIT);
        String log = "";
        while (Instant.now().isBefore(deadline)) {
            log = ok(cli("server", "console-log", server)).out();
            if (log.contains(text)) {
                return log;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no " + text + " in the console log of " + server + " within " + LIMIT + ":\n" + log);
    }

    @Override
    public void close() throws IOException {
        try {
            controller.close();
        } finally {
            try {
                bed.close();
            } finally {
                deleteTree(dataDir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The tiny guest's artefacts: {@code $KVMSTACK_GUEST_DIR}, else built by guest/build-image.sh. */
    static Optional<Path> guestDir() {
        return org.kvmstack.testbed.GuestImage.directory();
    }
}
