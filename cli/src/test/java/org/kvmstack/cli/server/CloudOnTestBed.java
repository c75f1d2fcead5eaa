package org.kvmstack.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kvmstack.api.ControllerOnTestBed;
import org.kvmstack.cli.CliRunner;
import org.kvmstack.testbed.CommandResult;

/**
 * api's {@link ControllerOnTestBed} (a one-host test bed with the real controller in-process) seen from the CLI:
 * {@code kvmstack} commands run in-process with the admin's OS_* environment. Start it from {@code @BeforeAll}: a
 * missing prerequisite (not root, no guest image) skips the class.
 */
final class CloudOnTestBed implements AutoCloseable {
    private final ControllerOnTestBed cloud;

    private CloudOnTestBed(ControllerOnTestBed cloud) {
        this.cloud = cloud;
    }

    /** @param prefix names the bed's namespaces: 1–11 characters of [a-z0-9-], a random suffix is added */
    static CloudOnTestBed start(String prefix) throws Exception {
        return new CloudOnTestBed(ControllerOnTestBed.start(prefix));
    }

    Map<String, String> environment() {
        return cloud.adminEnvironment();
    }

    Path dataDir() {
        return cloud.dataDir();
    }

    /** The tiny guest's qcow2, to upload with {@code kvmstack image create}. */
    Path guestDisk() {
        return cloud.guestDisk();
    }

    CliRunner.Run cli(String... args) {
        return CliRunner.run(environment(), args);
    }

    /** Runs a command inside the host's namespaces (virsh, qemu-img on its pool). */
    CommandResult onHost(String... command) {
        return cloud.host().exec(List.of(command)).orThrow();
    }

    static CliRunner.Run ok(CliRunner.Run run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    /** Polls {@code server console-log} (1 s apart, at most the fixture's limit) until it holds {@code text}. */
    String awaitConsoleLog(String server, String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(ControllerOnTestBed.LIMIT);
        String log = "";
        while (Instant.now().isBefore(deadline)) {
            log = ok(cli("server", "console-log", server)).out();
            if (log.contains(text)) {
                return log;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no " + text + " in the console log of " + server + " within "
                + ControllerOnTestBed.LIMIT + ":\n" + log);
    }

    @Override
    public void close() {
        cloud.close();
    }
}
