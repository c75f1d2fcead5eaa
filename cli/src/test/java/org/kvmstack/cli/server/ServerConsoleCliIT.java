package org.kvmstack.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kvmstack.api.Controller;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CliRunner;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.testbed.TestBed;
import org.kvmstack.testbed.TestBedConfig;

/**
 * {@code kvmstack server console} against a real guest: a one-host test bed, the controller in-process, the tiny
 * guest created with the CLI; then the console command, run in-process with piped stdin, sends
 * {@code echo KS$((40+2))} to the guest's shell and prints the shell's {@code KS42}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerConsoleCliIT {
    private static final Duration LIMIT = Duration.ofSeconds(180);

    private TestBed bed;
    private Path dataDir;
    private Path disk;
    private Controller controller;
    private Map<String, String> environment;

    @BeforeAll
    void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (namespaces, libvirtd)");
        Optional<Path> guest = guestDir();
        assumeTrue(guest.isPresent(), "no tiny guest image: set KVMSTACK_GUEST_DIR or add guest/build-image.sh");
        disk = guest.get().resolve("disk.qcow2");
        TestBed.cleanupStale(TestBedConfig.defaultStateRoot());
        bed = TestBed.start(TestBedConfig.hosts(1).withGuestNetwork(false)
                .withBedName(String.format("console-cli-%04x", new SecureRandom().nextInt(0x10000))));
        dataDir = Files.createTempDirectory("console-cli-it-");
        var config = new ConfigLoader(Map.of(), dataDir.resolve("absent.conf")).load(Optional.empty(), Map.of(
                ConfigLoader.DATA_DIR, dataDir.toString(), ConfigLoader.PORT, "0",
                ConfigLoader.HOSTS, "lab=" + bed.host(1).localUri()));
        controller = Controller.start(config, Clock.systemUTC(), PasswordHasher.bcrypt(4));
        String password = controller.generatedAdminPassword().orElseThrow();
        environment = Map.of("OS_AUTH_URL", "http://127.0.0.1:" + controller.port() + "/identity/v3",
                "OS_USERNAME", "admin", "OS_PASSWORD", password, "OS_PROJECT_NAME", "admin",
                "OS_USER_DOMAIN_NAME", "Default", "OS_PROJECT_DOMAIN_NAME", "Default");
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (controller != null) {
                controller.close();
            }
        } finally {
            if (bed != null) {
                bed.close();
            }
            if (dataDir != null) {
                try (var files = Files.walk(dataDir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Test
    void pipedCommandReachesTheGuestShellAndItsAnswerIsPrinted() throws Exception {
        ok(cli("image", "create", "tiny", "--file", disk.toString(), "--disk-format", "qcow2"));
        ok(cli("server", "create", "con1", "--image", "tiny", "--flavor", "m1.tiny",
                "--network", "kvmstack-default", "--wait"));
        awaitConsoleLog("con1", "KVMSTACK-GUEST-READY");

        CliRunner.Run console = CliRunner.run(CliContext.withEnvironment(environment).withStdin(
                        new ByteArrayInputStream("echo KS$((40+2))\n".getBytes(StandardCharsets.UTF_8))),
                "server", "console", "con1", "--drain", "5", "--session-timeout", "60");

        assertThat(console.exitCode()).as(console.err()).isZero();
        // the shell echoes the typed line ("KS$((40+2))"), so only its evaluation can print KS42
        assertThat(console.out()).contains("KS42");

        CliRunner.Run missing = cli("server", "console", "no-such-server");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no-such-server");

        ok(cli("server", "stop", "con1", "--wait"));
        CliRunner.Run stopped = CliRunner.run(CliContext.withEnvironment(environment).withStdin(
                new ByteArrayInputStream(new byte[0])), "server", "console", "con1", "--drain", "1");
        assertThat(stopped.exitCode()).as("a stopped server has no console").isEqualTo(1);
        assertThat(stopped.err()).startsWith("kvmstack: ");
        ok(cli("server", "delete", "con1", "--wait"));
    }

    private CliRunner.Run cli(String... args) {
        return CliRunner.run(environment, args);
    }

    private static CliRunner.Run ok(CliRunner.Run run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    private void awaitConsoleLog(String server, String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(LIMIT);
        String log = "";
        while (Instant.now().isBefore(deadline)) {
            log = ok(cli("server", "console-log", server)).out();
            if (log.contains(text)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no " + text + " in the console log of " + server + " within " + LIMIT + ":\n" + log);
    }

    /** The tiny guest's artefacts: {@code $KVMSTACK_GUEST_DIR}, else built by guest/build-image.sh. */
    static Optional<Path> guestDir() throws IOException, InterruptedException {
        String env = System.getenv("KVMSTACK_GUEST_DIR");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("guest").resolve("build-image.sh");
            if (Files.isExecutable(script)) {
                Process p = new ProcessBuilder(script.toString(), "--print-dir").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException("guest/build-image.sh failed: " + out);
                }
                return Optional.of(Path.of(out.strip().lines().reduce((a, b) -> b).orElseThrow()));
            }
        }
        return Optional.empty();
    }
}
