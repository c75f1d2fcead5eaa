package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.store.Database;
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
    private ControllerOnTestBed cloud;

    @BeforeAll
    void start() throws Exception {
        cloud = ControllerOnTestBed.start("servers");
    }

    @AfterAll
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void restFlowFromImageUploadToDeleteOnRealQemu() throws Exception {
        String imageId = cloud.uploadGuestImage("tiny");
        assertThat(cloud.call("POST", "/compute/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"rest-key\"}}").statusCode())
                .isEqualTo(200);
        String networkId = json(cloud.call("GET", "/network/v2.0/networks?name=kvmstack-default", null))
                .at("/networks/0/id").asText();
        String marker = "KS-REST-USERDATA-4711";
        String userData = Base64.getEncoder().encodeToString(("#!/bin/sh\necho " + marker + "\n")
                .getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> created = cloud.call("POST", "/compute/v2.1/servers", "{\"server\": {\"name\": \"Rest Web 01\","
                + "\"imageRef\": \"" + imageId + "\", \"flavorRef\": \"1\", \"key_name\": \"rest-key\","
                + "\"user_data\": \"" + userData + "\", \"networks\": [{\"uuid\": \"" + networkId + "\"}]}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = json(created).at("/server/id").asText();

        JsonNode server = cloud.awaitStatus(id, "ACTIVE");
        JsonNode address = server.at("/addresses/kvmstack-default/0");
        String ip = address.get("addr").asText();
        String mac = address.get("OS-EXT-IPS-MAC:mac_addr").asText();
        String log = cloud.awaitReadyLines(id, 1);
        Matcher ready = ControllerOnTestBed.READY.matcher(log);
        assertThat(ready.find()).isTrue();
        assertThat(ready.group(1)).as("hostname from the config drive").isEqualTo("rest-web-01");
        assertThat(ready.group(2)).isEqualTo(id);
        assertThat(ready.group(3)).as("the reserved IP").startsWith(ip + "/");
        assertThat(ready.group(4)).isEqualTo(mac);
        assertThat(log).contains(marker);

        assertThat(cloud.action(id, "{\"os-stop\": null}").statusCode()).isEqualTo(202);
        cloud.awaitStatus(id, "SHUTOFF");
        assertThat(cloud.action(id, "{\"os-start\": null}").statusCode()).isEqualTo(202);
        cloud.awaitStatus(id, "ACTIVE");
        cloud.awaitReadyLines(id, 2);
        assertThat(cloud.action(id, "{\"reboot\": {\"type\": \"SOFT\"}}").statusCode()).isEqualTo(202);
        cloud.awaitStatus(id, "ACTIVE");
        cloud.awaitReadyLines(id, 3);

        cloud.host().exec(List.of("virsh", "-c", "qemu:///system", "destroy", HostLayout.domainName(
                java.util.UUID.fromString(id)))).orThrow();
        cloud.awaitStatus(id, "SHUTOFF");

        assertThat(cloud.call("DELETE", "/compute/v2.1/servers/" + id, null).statusCode()).isEqualTo(204);
        ControllerOnTestBed.await("server gone", () -> cloud.call("GET", "/compute/v2.1/servers/" + id, null).statusCode() == 404);
        assertNothingLeft(id, mac);
        assertThat(cloud.call("DELETE", "/image/v2/images/" + imageId, null).statusCode()).isEqualTo(204);
    }

    @Test
    void openstackCliFlowOnRealQemu() throws Exception {
        assumeTrue(OpenStackCli.installed(), "python3-openstackclient is not installed");
        OpenStackCli cli = new OpenStackCli(cloud.port(), cloud.adminPassword(), cloud.dataDir());
        ok(cli.run(120, "image", "create", "--disk-format", "qcow2", "--container-format", "bare",
                "--file", cloud.guestDisk().toString(), "cli-tiny", "-f", "json"));
        assertThat(ok(cli.run(60, "image", "list", "-f", "json")).stdout()).contains("cli-tiny");
        assertThat(TestControllers.JSON.readTree(ok(cli.run(60, "image", "show", "cli-tiny", "-f", "json")).stdout()).get("status").asText())
                .isEqualTo("active");
        ok(cli.run(60, "flavor", "create", "--ram", "128", "--disk", "1", "--vcpus", "1", "cli.tiny"));
        assertThat(ok(cli.run(60, "flavor", "list", "-f", "json")).stdout()).contains("cli.tiny", "m1.tiny");
        assertThat(ok(cli.run(60, "keypair", "create", "cli-key")).stdout()).contains("PRIVATE KEY");
        Path userData = Files.writeString(cloud.dataDir().resolve("user-data.sh"), "#!/bin/sh\necho KS-CLI-USERDATA-0815\n");

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
        Instant deadline = Instant.now().plus(ControllerOnTestBed.LIMIT);
        while (!log.contains("KVMSTACK-GUEST-READY") && Instant.now().isBefore(deadline)) {
            log = ok(cli.run(60, "console", "log", "show", "cli-web")).stdout();
            Thread.sleep(1000);
        }
        assertThat(log).contains("KVMSTACK-GUEST-READY hostname=cli-web", "KS-CLI-USERDATA-0815");
        assertThat(ok(cli.run(60, "console", "url", "show", "cli-web")).stdout()).contains("http://127.0.0.1:");

        ok(cli.run(60, "server", "stop", "cli-web"));
        cloud.awaitStatus(id, "SHUTOFF");
        ok(cli.run(60, "server", "start", "cli-web"));
        cloud.awaitStatus(id, "ACTIVE");
        ok(cli.run(180, "server", "reboot", "--wait", "cli-web"));
        cloud.awaitStatus(id, "ACTIVE");
        ok(cli.run(180, "server", "delete", "--wait", "cli-web"));
        assertThat(cloud.call("GET", "/compute/v2.1/servers/" + id, null).statusCode()).isEqualTo(404);
        ok(cli.run(60, "image", "delete", "cli-tiny"));
        assertThat(ok(cli.run(60, "image", "list", "-f", "json")).stdout()).doesNotContain("cli-tiny");
    }

    @Test
    void badInputGetsItsFourHundredAndCreatesNothing() throws Exception {
        String imageId = cloud.uploadGuestImage("bad-input-tiny");
        int before = json(cloud.call("GET", "/compute/v2.1/servers", null)).get("servers").size();

        HttpResponse<String> unknownFlavor = cloud.call("POST", "/compute/v2.1/servers",
                "{\"server\": {\"name\": \"x\", \"imageRef\": \"" + imageId + "\", \"flavorRef\": \"no-such\"}}");
        assertThat(unknownFlavor.statusCode()).as(unknownFlavor.body()).isEqualTo(400);
        HttpResponse<String> longName = cloud.call("POST", "/compute/v2.1/servers", "{\"server\": {\"name\": \""
                + "n".repeat(256) + "\", \"imageRef\": \"" + imageId + "\", \"flavorRef\": \"1\"}}");
        assertThat(longName.statusCode()).as(longName.body()).isEqualTo(400);
        HttpResponse<String> malformed = cloud.call("POST", "/compute/v2.1/servers", "{\"server\": {\"name\": ");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        HttpResponse<String> wrongToken = send(request(cloud.port(), "/compute/v2.1/servers")
                .header("X-Auth-Token", "not-a-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"server\": {\"name\": \"x\", \"imageRef\": \""
                        + imageId + "\", \"flavorRef\": \"1\"}}")));
        assertThat(wrongToken.statusCode()).isEqualTo(401);

        assertThat(json(cloud.call("GET", "/compute/v2.1/servers", null)).get("servers")).hasSize(before);
        try (VirtConnection conn = VirtConnection.open(cloud.host().localUri())) {
            assertThat(conn.domains().list()).isEmpty();
        }
        assertThat(cloud.call("DELETE", "/image/v2/images/" + imageId, null).statusCode()).isEqualTo(204);
    }

    private void assertNothingLeft(String id, String mac) throws Exception {
        try (VirtConnection conn = VirtConnection.open(cloud.host().localUri())) {
            assertThat(conn.domains().find(DomainRef.of(java.util.UUID.fromString(id)))).isEmpty();
            conn.storage().refreshPool(HostLayout.POOL_NAME);
            assertThat(conn.storage().volumes(HostLayout.POOL_NAME)).extracting(v -> v.name())
                    .noneMatch(n -> n.startsWith(id));
            assertThat(conn.networks().xml(HostLayout.DEFAULT_NETWORK, false)).doesNotContain(mac);
        }
        try (Database db = Database.open(DatabaseConfig.sqliteIn(cloud.dataDir()))) {
            int ports = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ports WHERE instance_id = :id")
                    .bind("id", id).mapTo(Integer.class).one());
            int claimed = db.jdbi().withHandle(h -> h.createQuery(
                            "SELECT COUNT(*) FROM instances WHERE id = :id AND claimed = TRUE")
                    .bind("id", id).mapTo(Integer.class).one());
            assertThat(ports).as("port rows").isZero();
            assertThat(claimed).as("claim").isZero();
        }
    }

    private static OpenStackCli.Result ok(OpenStackCli.Result result) {
        assertThat(result.exitCode()).as(result.all()).isZero();
        return result;
    }
}
