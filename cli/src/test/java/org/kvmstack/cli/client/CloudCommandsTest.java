package org.kvmstack.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cli.CliRunner;
import org.kvmstack.cli.ExitCode;

/** The cloud commands through {@code Main}, against the real controller: credentials, errors, exit codes. */
class CloudCommandsTest {
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
    void noCredentialsIsOneLineAndExitOne() {
        CliRunner.Run run = CliRunner.run(Map.of("HOME", home.toString()), "server", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("kvmstack: no cloud credentials: set OS_CLOUD (or --os-cloud)");
    }

    @Test
    void wrongPasswordOptionOverridesTheEnvironment() {
        CliRunner.Run run = CliRunner.run(admin(), "flavor", "list", "--os-password", "wrong");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .matches("kvmstack: authentication as admin at http://127\\.0\\.0\\.1:\\d+/identity/v3 failed: .*"
                        + "\\(HTTP 401, req-[0-9a-f-]+\\)");
    }

    @Test
    void cloudsYamlNamedByOsCloudIsUsed() throws Exception {
        Path clouds = Files.writeString(home.resolve("clouds.yaml"), """
                clouds:
                  lab:
                    auth:
                      auth_url: %s
                      username: admin
                      password: wrong-on-purpose
                      project_name: admin
                """.formatted(controller.authUrl()));

        CliRunner.Run run = CliRunner.run(Map.of("HOME", home.toString(), "OS_CLOUD", "lab",
                "OS_CLIENT_CONFIG_FILE", clouds.toString()), "image", "list");

        // the wrong password proves the file was read: the controller was asked and refused
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("authentication as admin at " + controller.authUrl() + " failed")
                .contains("(HTTP 401, req-");
    }

    @Test
    void unknownCloudNamesTheSearchPath() {
        CliRunner.Run run = CliRunner.run(Map.of("HOME", home.toString()), "keypair", "list", "--os-cloud", "nope");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).startsWith("kvmstack: cloud 'nope' is not in any clouds.yaml (searched ")
                .contains(home.resolve(".config/openstack/clouds.yaml").toString());
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        CliRunner.Run run = CliRunner.run(admin(), "server", "create", "vm1", "--flavor", "m1.tiny");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--image");
    }

    @Test
    void badTimeoutIsRefused() {
        CliRunner.Run run = CliRunner.run(admin(), "server", "list", "--timeout", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).isEqualTo("kvmstack: --timeout must be a positive number of seconds"
                + System.lineSeparator());
    }

    @Test
    void everyCloudCommandIsRegistered() {
        for (String[] command : new String[][] {
            {"server", "create"}, {"server", "list"}, {"server", "show"}, {"server", "start"}, {"server", "stop"},
            {"server", "reboot"}, {"server", "pause"}, {"server", "resume"}, {"server", "delete"},
            {"server", "console-log"}, {"image", "create"}, {"image", "upload"}, {"image", "list"},
            {"image", "show"}, {"image", "delete"}, {"flavor", "list"}, {"flavor", "show"}, {"flavor", "create"},
            {"flavor", "delete"}, {"keypair", "create"}, {"keypair", "import"}, {"keypair", "list"},
            {"keypair", "show"}, {"keypair", "delete"}, {"quickstart", "stop"}}) {
            CliRunner.Run run = CliRunner.run(command[0], command[1], "--help");
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(ExitCode.OK);
            assertThat(run.out()).as(String.join(" ", command)).contains("Usage: kvmstack " + command[0] + " "
                    + command[1]);
        }
    }
}
