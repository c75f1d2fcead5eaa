package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code openstack} CLI (Debian's python3-openstackclient, run by the system Python,
 * not a pyenv one on PATH) against the real controller: it must authenticate, show the token and
 * catalog we issued, and fail cleanly on a wrong password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenStackCliCompatibilityIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path OPENSTACK = Path.of("/usr/bin/openstack");
    private static final Path GLANCE = Path.of("/usr/bin/glance");
    private static final long CLI_TIMEOUT_SECONDS = 60;

    private Controller controller;
    private String password;
    private Path workDir;

    private record Result(int exitCode, String stdout, String stderr) {}

    @BeforeAll
    void start(@TempDir Path dataDir) {
        assumeTrue(Files.isExecutable(OPENSTACK), "python3-openstackclient is not installed (KVMSTACK_WITH_TEST_TOOLS=1 scripts/install-deps.sh)");
        controller = TestControllers.start(dataDir, Clock.systemUTC());
        password = controller.generatedAdminPassword().orElseThrow();
        workDir = dataDir;
    }

    @AfterAll
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private Result openstack(String password, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PYTHON.toString(), OPENSTACK.toString(),
                "--os-auth-url", "http://127.0.0.1:" + controller.port() + "/identity/v3",
                "--os-identity-api-version", "3",
                "--os-username", "admin", "--os-password", password,
                "--os-project-name", "admin", "--os-user-domain-name", "Default", "--os-project-domain-name", "Default"));
        argv.addAll(List.of(command));
        return run(argv, String.join(" ", command));
    }

    /** python-glanceclient's own {@code glance} command, which builds its models from our schemas. */
    private Result glance(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PYTHON.toString(), GLANCE.toString(),
                "--os-auth-url", "http://127.0.0.1:" + controller.port() + "/identity/v3",
                "--os-username", "admin", "--os-password", password,
                "--os-project-name", "admin", "--os-user-domain-name", "Default", "--os-project-domain-name", "Default"));
        argv.addAll(List.of(command));
        return run(argv, "glance " + String.join(" ", command));
    }

    private Result run(List<String> argv, String what) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile());
        // Only what we pass may configure the client: no OS_* from the caller, no clouds.yaml lookup in $HOME.
        builder.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        builder.environment().put("HOME", workDir.toString());
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(CLI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(what + " did not finish in " + CLI_TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void tokenIssuePrintsTheTokenTheServerIssued() throws Exception {
        Result result = openstack(password, "token", "issue", "-f", "json");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        var token = TestControllers.JSON.readTree(result.stdout());
        assertThat(token.get("id").asText()).hasSizeGreaterThan(30);
        assertThat(token.get("project_id").asText()).hasSize(32);
        assertThat(token.get("user_id").asText()).hasSize(32);
        assertThat(token.get("expires").asText()).isNotEmpty();
    }

    @Test
    void tokenRevokeMakesTheTokenInvalid() throws Exception {
        Result issued = openstack(password, "token", "issue", "-f", "value", "-c", "id");
        assertThat(issued.exitCode()).as(issued.stderr()).isZero();
        String token = issued.stdout().strip();
        Result revoked = openstack(password, "token", "revoke", token);
        assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
        var response = TestControllers.send(TestControllers.request(controller.port(), "/identity/v3/auth/projects")
                .header("X-Auth-Token", token).GET());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void catalogListShowsOurEndpoints() throws Exception {
        Result result = openstack(password, "catalog", "list", "-f", "json");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String base = "http://127.0.0.1:" + controller.port();
        assertThat(result.stdout()).contains("\"compute\"", "\"identity\"", "\"image\"", "\"network\"",
                base + "/compute/v2.1", base + "/identity", base + "/image", base + "/network", base + "/volume/v3");
    }

    @Test
    void aWrongPasswordExitsNonZeroWithThe401Message() throws Exception {
        Result result = openstack(password + "-wrong", "token", "issue");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("The request you have made requires authentication.", "HTTP 401");
    }

    /** The tiny guest's disk (guest/build-image.sh, cached after the first build). */
    private Path tinyDisk() throws IOException {
        return org.kvmstack.testbed.GuestImage.disk()
                .orElseThrow(() -> new IOException("no tiny guest image: set KVMSTACK_GUEST_DIR or run guest/build-image.sh"));
    }

    private void qemuImg(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("qemu-img"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void imageCreateListShowSaveDeleteWithTheTinyGuestDisk() throws Exception {
        Path disk = tinyDisk();
        Result created = openstack(password, "image", "create", "--disk-format", "qcow2", "--container-format", "bare",
                "--file", disk.toString(), "tiny", "-f", "json");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        var image = TestControllers.JSON.readTree(created.stdout());
        String id = image.get("id").asText();

        Result list = openstack(password, "image", "list", "-f", "json");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains(id, "\"tiny\"", "\"active\"");

        Result show = openstack(password, "image", "show", "tiny", "-f", "json");
        assertThat(show.exitCode()).as(show.stderr()).isZero();
        var shown = TestControllers.JSON.readTree(show.stdout());
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("size").asLong()).isEqualTo(Files.size(disk));
        assertThat(shown.get("disk_format").asText()).isEqualTo("qcow2");

        Result set = openstack(password, "image", "set", "--property", "os_distro=busybox", "--min-ram", "64",
                "--tag", "blue", "--protected", id);
        assertThat(set.exitCode()).as(set.stderr()).isZero();
        var changed = TestControllers.JSON.readTree(openstack(password, "image", "show", id, "-f", "json").stdout());
        assertThat(changed.get("min_ram").asInt()).isEqualTo(64);
        assertThat(changed.get("tags").toString()).contains("blue");
        assertThat(changed.get("properties").toString()).contains("busybox");
        Result protectedDelete = openstack(password, "image", "delete", id);
        assertThat(protectedDelete.exitCode()).isNotZero();
        Result unset = openstack(password, "image", "unset", "--property", "os_distro", "--tag", "blue", id);
        assertThat(unset.exitCode()).as(unset.stderr()).isZero();
        Result unprotect = openstack(password, "image", "set", "--unprotected", id);
        assertThat(unprotect.exitCode()).as(unprotect.stderr()).isZero();
        var unsetShown = TestControllers.JSON.readTree(openstack(password, "image", "show", id, "-f", "json").stdout());
        assertThat(unsetShown.toString()).doesNotContain("busybox", "blue");

        Path saved = workDir.resolve("saved.qcow2");
        Result save = openstack(password, "image", "save", "--file", saved.toString(), id);
        assertThat(save.exitCode()).as(save.stderr()).isZero();
        assertThat(Files.mismatch(saved, disk)).isEqualTo(-1L);

        Result delete = openstack(password, "image", "delete", id);
        assertThat(delete.exitCode()).as(delete.stderr()).isZero();
        Result gone = openstack(password, "image", "show", id);
        assertThat(gone.exitCode()).isNotZero();
    }

    @Test
    void unsafeUploadsExitNonZeroWithTheReasonAndLeaveNoActiveImage() throws Exception {
        Path base = workDir.resolve("base.qcow2");
        Path backed = workDir.resolve("backed.qcow2");
        qemuImg("create", "-q", "-f", "qcow2", base.toString(), "16M");
        qemuImg("create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), backed.toString());

        Result withBacking = openstack(password, "image", "create", "--disk-format", "qcow2", "--container-format",
                "bare", "--file", backed.toString(), "backed");
        assertThat(withBacking.exitCode()).isNotZero();
        assertThat(withBacking.stderr()).contains("backing file");

        Result mislabelled = openstack(password, "image", "create", "--disk-format", "raw", "--container-format",
                "bare", "--file", base.toString(), "mislabelled");
        assertThat(mislabelled.exitCode()).isNotZero();
        assertThat(mislabelled.stderr()).contains("declared as disk_format 'raw' but its content is 'qcow2'");

        Result list = openstack(password, "image", "list", "--long", "-f", "json");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        for (var row : TestControllers.JSON.readTree(list.stdout())) {
            if (List.of("backed", "mislabelled").contains(row.get("Name").asText())) {
                assertThat(row.get("Status").asText()).isNotEqualTo("active");
            }
        }
    }

    @Test
    void glanceClientCreatesUploadsListsAndShowsThroughOurSchemas() throws Exception {
        assumeTrue(Files.isExecutable(GLANCE), "python3-glanceclient's glance command is not installed");
        Path disk = workDir.resolve("glance.qcow2");
        qemuImg("create", "-q", "-f", "qcow2", disk.toString(), "4M");
        Result created = glance("image-create", "--name", "via-glance", "--disk-format", "qcow2",
                "--container-format", "bare", "--property", "os_distro=busybox", "--file", disk.toString());
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.stdout()).contains("via-glance", "active", "busybox");
        Result list = glance("image-list");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains("via-glance");
        Result tag = glance("image-tag-update", idIn(created.stdout()), "blue");
        assertThat(tag.exitCode()).as(tag.stderr()).isZero();
        Result update = glance("image-update", "--min-ram", "64", "--remove-property", "os_distro", idIn(created.stdout()));
        assertThat(update.exitCode()).as(update.stderr()).isZero();
        Result show = glance("image-show", idIn(created.stdout()));
        assertThat(show.exitCode()).as(show.stderr()).isZero();
        assertThat(show.stdout()).contains("blue", "64").doesNotContain("busybox");
    }

    private static String idIn(String table) {
        for (String line : table.lines().toList()) {
            String[] cells = line.split("\\|");
            if (cells.length > 2 && cells[1].trim().equals("id")) {
                return cells[2].trim();
            }
        }
        throw new AssertionError("no id row in:\n" + table);
    }
}
