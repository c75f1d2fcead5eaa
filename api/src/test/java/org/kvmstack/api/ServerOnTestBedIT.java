package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.testbed.TestBed;
import org.kvmstack.testbed.TestBedConfig;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;

/**
 * The whole compute path on real QEMU: a one-host test bed, the real controller in-process with
 * {@code hosts = lab=<the host's socket>}, the tiny guest uploaded through the image API. Over REST: create with
 * key pair and user_data → ACTIVE → the console log shows READY with the reserved IP, the config drive's hostname
 * and the user_data marker → stop/start/reboot → {@code virsh destroy} out of band → SHUTOFF → delete leaves no
 * domain, volume, reservation, port row or claim. The same flow with the real {@code openstack} CLI. Bad input gets
 * its 4xx and creates nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerOnTestBedIT {
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final Pattern READY =
            Pattern.compile("KVMSTACK-GUEST-READY hostname=(\\S+) uuid=(\\S+) ip=(\\S+) mac=(\\S+)");

    private TestBed bed;
    private Path dataDir;
    private Path disk;
    private Controller controller;
    private String password;
    private String token;

    @BeforeAll
    void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (namespaces, libvirtd)");
        Optional<Path> guest = org.kvmstack.testbed.GuestImage.directory();
        assumeTrue(guest.isPresent(), "no tiny guest image: set KVMSTACK_GUEST_DIR or add guest/build-image.sh");
        disk = guest.get().resolve("disk.qcow2");
        TestBed.cleanupStale(TestBedConfig.defaultStateRoot());
        // Named after the branch that wrote it, so its namespaces are told apart from concurrent runs of other suites.
        bed = TestBed.start(TestBedConfig.hosts(1).withGuestNetwork(false).withBedName(String.format("compute2-%04x", new java.security.SecureRandom().nextInt(0x10000))));
        dataDir = Files.createTempDirectory("compute2-server-it-");
        var config = new ConfigLoader(Map.of(), dataDir.resolve("absent.conf")).load(Optional.empty(), Map.of(
                ConfigLoader.DATA_DIR, dataDir.toString(), ConfigLoader.PORT, "0",
                ConfigLoader.HOSTS, "lab=" + bed.host(1).localUri(),
                ConfigLoader.COMPUTE_RECONCILE_INTERVAL, "2"));
        controller = Controller.start(config, Clock.systemUTC(), PasswordHasher.bcrypt(4));
        password = controller.generatedAdminPassword().orElseThrow();
        HttpResponse<String> issued = send(request(controller.port(), "/identity/v3/auth/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestControllers.passwordAuth("admin", password, "admin"))));
        token = issued.headers().firstValue("X-Subject-Token").orElseThrow();
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
    void restFlowFromImageUploadToDeleteOnRealQemu() throws Exception {
        String imageId = uploadImage("tiny");
        assertThat(call("POST", "/compute/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"rest-key\"}}").statusCode())
                .isEqualTo(200);
        String networkId = json(call("GET", "/network/v2.0/networks?name=kvmstack-default", null))
                .at("/networks/0/id").asText();
        String marker = "KS-REST-USERDATA-4711";
        String userData = Base64.getEncoder().encodeToString(("#!/bin/sh\necho " + marker + "\n")
                .getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> created = call("POST", "/compute/v2.1/servers", "{\"server\": {\"name\": \"Rest Web 01\","
                + "\"imageRef\": \"" + imageId + "\", \"flavorRef\": \"1\", \"key_name\": \"rest-key\","
                + "\"user_data\": \"" + userData + "\", \"networks\": [{\"uuid\": \"" + networkId + "\"}]}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = json(created).at("/server/id").asText();

        JsonNode server = awaitStatus(id, "ACTIVE");
        JsonNode address = server.at("/addresses/kvmstack-default/0");
        String ip = address.get("addr").asText();
        String mac = address.get("OS-EXT-IPS-MAC:mac_addr").asText();
        String log = awaitConsole(id, 1);
        Matcher ready = READY.matcher(log);
        assertThat(ready.find()).isTrue();
        assertThat(ready.group(1)).as("hostname from the config drive").isEqualTo("rest-web-01");
        assertThat(ready.group(2)).isEqualTo(id);
        assertThat(ready.group(3)).as("the reserved IP").startsWith(ip + "/");
        assertThat(ready.group(4)).isEqualTo(mac);
        assertThat(log).contains(marker);

        assertThat(action(id, "{\"os-stop\": null}").statusCode()).isEqualTo(202);
        awaitStatus(id, "SHUTOFF");
        assertThat(action(id, "{\"os-start\": null}").statusCode()).isEqualTo(202);
        awaitStatus(id, "ACTIVE");
        awaitConsole(id, 2);
        assertThat(action(id, "{\"reboot\": {\"type\": \"SOFT\"}}").statusCode()).isEqualTo(202);
        awaitStatus(id, "ACTIVE");
        awaitConsole(id, 3);

        bed.host(1).exec(List.of("virsh", "-c", "qemu:///system", "destroy", HostLayout.domainName(
                java.util.UUID.fromString(id)))).orThrow();
        awaitStatus(id, "SHUTOFF");

        assertThat(call("DELETE", "/compute/v2.1/servers/" + id, null).statusCode()).isEqualTo(204);
        await("server gone", () -> call("GET", "/compute/v2.1/servers/" + id, null).statusCode() == 404);
        assertNothingLeft(id, mac);
        assertThat(call("DELETE", "/image/v2/images/" + imageId, null).statusCode()).isEqualTo(204);
    }

    @Test
    void openstackCliFlowOnRealQemu() throws Exception {
        assumeTrue(OpenStackCli.installed(), "python3-openstackclient is not installed");
        OpenStackCli cli = new OpenStackCli(controller.port(), password, dataDir);
        ok(cli.run(120, "image", "create", "--disk-format", "qcow2", "--container-format", "bare",
                "--file", disk.toString(), "cli-tiny", "-f", "json"));
        assertThat(ok(cli.run(60, "image", "list", "-f", "json")).stdout()).contains("cli-tiny");
        assertThat(TestControllers.JSON.readTree(ok(cli.run(60, "image", "show", "cli-tiny", "-f", "json")).stdout()).get("status").asText())
                .isEqualTo("active");
        ok(cli.run(60, "flavor", "create", "--ram", "128", "--disk", "1", "--vcpus", "1", "cli.tiny"));
        assertThat(ok(cli.run(60, "flavor", "list", "-f", "json")).stdout()).contains("cli.tiny", "m1.tiny");
        assertThat(ok(cli.run(60, "keypair", "create", "cli-key")).stdout()).contains("PRIVATE KEY");
        Path userData = Files.writeString(dataDir.resolve("user-data.sh"), "#!/bin/sh\necho KS-CLI-USERDATA-0815\n");

        OpenStackCli.Result created = ok(cli.run(240, "server", "create", "--image", "cli-tiny", "--flavor", "m1.tiny",
                "--network", "kvmstack-default", "--key-name", "cli-key", "--user-data", userData.toString(),
                "--wait", "-f", "json", "cli-web"));
        JsonNode server = TestControllers.JSON.readTree(created.stdout());
        String id = server.get("id").asText();
        assertThat(server.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(ok(cli.run(60, "server", "list", "-f", "json")).stdout()).contains("cli-web");
        JsonNode shown = TestControllers.JSON.readTree(ok(cli.run(60, "server", "show", "cli-web", "-f", "json")).stdout());
        assertThat(shown.get("addresses").toString()).contains("kvmstack-default");

        String log = "";
        Instant deadline = Instant.now().plus(LIMIT);
        while (!log.contains("KVMSTACK-GUEST-READY") && Instant.now().isBefore(deadline)) {
            log = ok(cli.run(60, "console", "log", "show", "cli-web")).stdout();
            Thread.sleep(1000);
        }
        assertThat(log).contains("KVMSTACK-GUEST-READY hostname=cli-web", "KS-CLI-USERDATA-0815");
        assertThat(ok(cli.run(60, "console", "url", "show", "cli-web")).stdout()).contains("http://127.0.0.1:");

        ok(cli.run(60, "server", "stop", "cli-web"));
        awaitStatus(id, "SHUTOFF");
        ok(cli.run(60, "server", "start", "cli-web"));
        awaitStatus(id, "ACTIVE");
        ok(cli.run(180, "server", "reboot", "--wait", "cli-web"));
        awaitStatus(id, "ACTIVE");
        ok(cli.run(180, "server", "delete", "--wait", "cli-web"));
        assertThat(call("GET", "/compute/v2.1/servers/" + id, null).statusCode()).isEqualTo(404);
        ok(cli.run(60, "image", "delete", "cli-tiny"));
        assertThat(ok(cli.run(60, "image", "list", "-f", "json")).stdout()).doesNotContain("cli-tiny");
    }

    @Test
    void badInputGetsItsFourHundredAndCreatesNothing() throws Exception {
        String imageId = uploadImage("bad-input-tiny");
        int before = json(call("GET", "/compute/v2.1/servers", null)).get("servers").size();

        HttpResponse<String> unknownFlavor = call("POST", "/compute/v2.1/servers",
                "{\"server\": {\"name\": \"x\", \"imageRef\": \"" + imageId + "\", \"flavorRef\": \"no-such\"}}");
        assertThat(unknownFlavor.statusCode()).as(unknownFlavor.body()).isEqualTo(400);
        HttpResponse<String> longName = call("POST", "/compute/v2.1/servers", "{\"server\": {\"name\": \""
                + "n".repeat(256) + "\", \"imageRef\": \"" + imageId + "\", \"flavorRef\": \"1\"}}");
        assertThat(longName.statusCode()).as(longName.body()).isEqualTo(400);
        HttpResponse<String> malformed = call("POST", "/compute/v2.1/servers", "{\"server\": {\"name\": ");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        HttpResponse<String> wrongToken = send(request(controller.port(), "/compute/v2.1/servers")
                .header("X-Auth-Token", "not-a-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"server\": {\"name\": \"x\", \"imageRef\": \""
                        + imageId + "\", \"flavorRef\": \"1\"}}")));
        assertThat(wrongToken.statusCode()).isEqualTo(401);

        assertThat(json(call("GET", "/compute/v2.1/servers", null)).get("servers")).hasSize(before);
        try (VirtConnection conn = VirtConnection.open(bed.host(1).localUri())) {
            assertThat(conn.domains().list()).isEmpty();
        }
        assertThat(call("DELETE", "/image/v2/images/" + imageId, null).statusCode()).isEqualTo(204);
    }

    private void assertNothingLeft(String id, String mac) throws Exception {
        try (VirtConnection conn = VirtConnection.open(bed.host(1).localUri())) {
            assertThat(conn.domains().find(DomainRef.of(java.util.UUID.fromString(id)))).isEmpty();
            conn.storage().refreshPool(HostLayout.POOL_NAME);
            assertThat(conn.storage().volumes(HostLayout.POOL_NAME)).extracting(v -> v.name())
                    .noneMatch(n -> n.startsWith(id));
            assertThat(conn.networks().xml(HostLayout.DEFAULT_NETWORK, false)).doesNotContain(mac);
        }
        try (Database db = Database.open(DatabaseConfig.sqliteIn(dataDir))) {
            int ports = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ports WHERE instance_id = :id")
                    .bind("id", id).mapTo(Integer.class).one());
            int claimed = db.jdbi().withHandle(h -> h.createQuery(
                            "SELECT COUNT(*) FROM instances WHERE id = :id AND claimed = TRUE")
                    .bind("id", id).mapTo(Integer.class).one());
            assertThat(ports).as("port rows").isZero();
            assertThat(claimed).as("claim").isZero();
        }
    }

    private String uploadImage(String name) throws Exception {
        HttpResponse<String> created = call("POST", "/image/v2/images", "{\"name\": \"" + name
                + "\", \"disk_format\": \"qcow2\", \"container_format\": \"bare\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asText();
        HttpResponse<String> uploaded = TestControllers.send(request(controller.port(), "/image/v2/images/" + id + "/file")
                .header("X-Auth-Token", token).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(disk)));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(204);
        assertThat(json(call("GET", "/image/v2/images/" + id, null)).get("status").asText()).isEqualTo("active");
        return id;
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(request(controller.port(), path).header("X-Auth-Token", token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> action(String id, String body) throws Exception {
        return call("POST", "/compute/v2.1/servers/" + id + "/action", body);
    }

    private JsonNode awaitStatus(String id, String status) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await("status " + status, () -> {
            last[0] = json(call("GET", "/compute/v2.1/servers/" + id, null)).get("server");
            assertThat(last[0].get("status").asText()).as("server went to ERROR: %s", last[0]).isNotEqualTo("ERROR");
            return status.equals(last[0].get("status").asText()) && last[0].path("OS-EXT-STS:task_state").isNull();
        });
        return last[0];
    }

    private String awaitConsole(String id, int readyLines) throws Exception {
        String[] log = {""};
        await(readyLines + " READY line(s) in the console log", () -> {
            log[0] = json(action(id, "{\"os-getConsoleOutput\": {}}")).get("output").asText();
            return READY.matcher(log[0]).results().count() >= readyLines;
        });
        return log[0];
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not within " + LIMIT + ": " + what);
    }

    private static OpenStackCli.Result ok(OpenStackCli.Result result) {
        assertThat(result.exitCode()).as(result.all()).isZero();
        return result;
    }
}
