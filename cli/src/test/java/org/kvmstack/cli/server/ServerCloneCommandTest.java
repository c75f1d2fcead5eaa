package org.kvmstack.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cli.CliRunner;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.client.RunningController;

/** {@code kvmstack server clone} against a real controller without hosts: option checks and the API's errors. */
class ServerCloneCommandTest {
    @TempDir
    static Path dataDir;

    @TempDir
    static Path home;

    static RunningController controller;

    @BeforeAll
    static void start() {
        controller = RunningController.start(dataDir);
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    private static Map<String, String> admin() {
        Map<String, String> environment = new HashMap<>(controller.adminEnvironment());
        environment.put("HOME", home.toString());
        return environment;
    }

    @Test
    void countOutsideOneToTenIsRefusedBeforeAnyRequest() {
        CliRunner.Run run = CliRunner.run(admin(), "server", "clone", "vm1", "--count", "11");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("--count must be between 1 and 10, got 11");
    }

    @Test
    void unknownServerIsOneLineNotFound() {
        CliRunner.Run run = CliRunner.run(admin(), "server", "clone", "no-such-server", "--count", "2");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString().contains("no-such-server");
    }

    @Test
    void helpNamesTheOptions() {
        CliRunner.Run run = CliRunner.run("server", "clone", "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("--count", "--name-prefix", "--wait");
    }
}
