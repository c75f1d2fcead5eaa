package org.kvmstack.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.cli.server.CloudOnTestBed.ok;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CliRunner;

/**
 * {@code kvmstack server console} against a real guest: a one-host test bed, the controller in-process, the tiny
 * guest created with the CLI; then the console command, run in-process with piped stdin, sends
 * {@code echo KS$((40+2))} to the guest's shell and prints the shell's {@code KS42}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerConsoleCliIT {
    private CloudOnTestBed cloud;
    private Path disk;

    @BeforeAll
    void start() throws Exception {
        cloud = CloudOnTestBed.start("console-cli");
        disk = cloud.guestDisk();
    }

    @AfterAll
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void pipedCommandReachesTheGuestShellAndItsAnswerIsPrinted() throws Exception {
        ok(cloud.cli("image", "create", "tiny", "--file", disk.toString(), "--disk-format", "qcow2"));
        ok(cloud.cli("server", "create", "con1", "--image", "tiny", "--flavor", "m1.tiny",
                "--network", "kvmstack-default", "--wait"));
        cloud.awaitConsoleLog("con1", "KVMSTACK-GUEST-READY");

        CliRunner.Run console = console("echo KS$((40+2))\n", "con1", "--drain", "5", "--session-timeout", "60");

        assertThat(console.exitCode()).as(console.err()).isZero();
        // the shell echoes the typed line ("KS$((40+2))"), so only its evaluation can print KS42
        assertThat(console.out()).contains("KS42");

        CliRunner.Run missing = cloud.cli("server", "console", "no-such-server");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no-such-server");

        ok(cloud.cli("server", "stop", "con1", "--wait"));
        CliRunner.Run stopped = console("", "con1", "--drain", "1");
        assertThat(stopped.exitCode()).as("a stopped server has no console").isEqualTo(1);
        assertThat(stopped.err()).startsWith("kvmstack: ").contains("Cannot open the serial console");
        ok(cloud.cli("server", "delete", "con1", "--wait"));
    }

    private CliRunner.Run console(String input, String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "server";
        command[1] = "console";
        System.arraycopy(args, 0, command, 2, args.length);
        return CliRunner.run(CliContext.withEnvironment(cloud.environment()).withStdin(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))), command);
    }
}
