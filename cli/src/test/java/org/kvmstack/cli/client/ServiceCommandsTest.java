package org.kvmstack.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cli.CliRunner;
import org.kvmstack.cli.ExitCode;

/**
 * The flavor, keypair and image commands against the real controller. The services arrive on their own
 * branches: each test runs once the controller serves its routes and is skipped (not passed) until then.
 */
class ServiceCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    @TempDir
    static Path work;

    static RunningController controller;

    @BeforeAll
    static void start() {
        controller = RunningController.start(dataDir);
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    private static boolean serves(ServiceType service, String path) {
        try {
            OpenStackClient.connect(controller.admin()).get(service, path);
            return true;
        } catch (ClientException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    private static CliRunner.Run kvmstack(String... args) {
        Map<String, String> environment = new HashMap<>(controller.adminEnvironment());
        environment.put("HOME", work.toString());
        return CliRunner.run(environment, args);
    }

    private static CliRunner.Run ok(String... args) {
        CliRunner.Run run = kvmstack(args);
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(ExitCode.OK);
        return run;
    }

    @Test
    void flavorLifecycleAndUnknownFlavor() throws Exception {
        assumeTrue(serves(ServiceType.COMPUTE, "/flavors"), "the controller serves no flavors yet");

        JsonNode created = JSON.readTree(ok("flavor", "create", "cli-test", "--ram", "256", "--vcpus", "2",
                "--disk", "3", "-o", "json").out());
        assertThat(created.path("ram").asInt()).isEqualTo(256);
        assertThat(ok("flavor", "list").out()).contains("cli-test");
        JsonNode shown = JSON.readTree(ok("flavor", "show", "cli-test", "-o", "json").out());
        assertThat(shown.path("id").asText()).isEqualTo(created.path("id").asText());
        ok("flavor", "delete", "cli-test");

        CliRunner.Run unknown = kvmstack("flavor", "show", "m1.huge");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(unknown.err()).matches("kvmstack: flavor m1\\.huge not found \\(HTTP 404, req-[0-9a-f-]+\\)\\R");
    }

    @Test
    void keypairCreateImportListShowDelete() throws Exception {
        assumeTrue(serves(ServiceType.COMPUTE, "/os-keypairs"), "the controller serves no keypairs yet");

        Path privateKey = work.resolve("k1.pem");
        ok("keypair", "create", "k1", "--private-key", privateKey.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
        Process keygen = new ProcessBuilder("ssh-keygen", "-y", "-f", privateKey.toString())
                .redirectOutput(work.resolve("k1.pub").toFile()).start();
        assertThat(keygen.waitFor(10, TimeUnit.SECONDS) && keygen.exitValue() == 0).isTrue();
        ok("keypair", "import", "k2", "--public-key", work.resolve("k1.pub").toString());

        JsonNode listed = JSON.readTree(ok("keypair", "list", "-o", "json").out());
        assertThat(listed.findValuesAsText("name")).contains("k1", "k2");
        assertThat(ok("keypair", "show", "k2").out()).contains("fingerprint:");
        ok("keypair", "delete", "k1", "k2");

        CliRunner.Run gone = kvmstack("keypair", "show", "k1");
        assertThat(gone.err()).matches("kvmstack: keypair k1 not found \\(HTTP 404, req-[0-9a-f-]+\\)\\R");
    }

    @Test
    void imageCreateWithUploadListShowDelete() throws Exception {
        assumeTrue(serves(ServiceType.IMAGE, "/images"), "the controller serves no images yet");

        Path disk = work.resolve("small.qcow2");
        Process qemuImg = new ProcessBuilder("qemu-img", "create", "-f", "qcow2", disk.toString(), "64M").start();
        assertThat(qemuImg.waitFor(30, TimeUnit.SECONDS) && qemuImg.exitValue() == 0).isTrue();

        CliRunner.Run created = ok("image", "create", "cli-small", "--file", disk.toString(), "-o", "json");
        JsonNode image = JSON.readTree(created.out());
        assertThat(image.path("status").asText()).isEqualTo("active");
        assertThat(image.path("size").asLong()).isEqualTo(Files.size(disk));
        // not a terminal here: plain percent lines on stderr, ending at 100 %
        assertThat(created.err()).contains("uploading small.qcow2: 100% ");

        ok("image", "create", "cli-queued");
        assertThat(ok("image", "upload", "cli-queued", disk.toString()).out()).contains("active");
        assertThat(ok("image", "list", "-o", "value").out()).contains("cli-small", "cli-queued");
        assertThat(ok("image", "show", image.path("id").asText()).out()).contains("cli-small");
        ok("image", "delete", "cli-small", "cli-queued");

        CliRunner.Run gone = kvmstack("image", "show", "cli-small");
        assertThat(gone.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(gone.err()).isEqualTo("kvmstack: image cli-small not found" + System.lineSeparator());
    }

    @Test
    void serverListShowAndActionsOnUnknownServers() throws Exception {
        assumeTrue(serves(ServiceType.COMPUTE, "/servers"), "the controller serves no servers yet");

        assertThat(JSON.readTree(ok("server", "list", "-o", "json").out()).isArray()).isTrue();
        assertThat(ok("server", "list").out()).startsWith("ID  NAME  STATUS  TASK  NETWORKS  IMAGE  FLAVOR");

        CliRunner.Run byName = kvmstack("server", "show", "no-such-vm");
        assertThat(byName.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(byName.err()).isEqualTo("kvmstack: server no-such-vm not found" + System.lineSeparator());

        String id = "00000000-0000-4000-8000-000000000000";
        for (String action : new String[] {"start", "stop", "reboot", "pause", "resume", "delete", "console-log"}) {
            CliRunner.Run run = kvmstack("server", action, id, "--wait-timeout", "5");
            if (action.equals("console-log")) {
                run = kvmstack("server", action, id);
            }
            assertThat(run.exitCode()).as(action).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).as(action)
                    .matches("kvmstack: server " + id + " not found \\(HTTP 404, req-[0-9a-f-]+\\)\\R");
        }
    }
}
