package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.VirtConnection;

/**
 * Server snapshot (createImage) and clone on real QEMU: a one-host test bed, the controller in-process, the tiny
 * guest uploaded through the image API. A running server is snapshotted live (a backup job; the guest keeps
 * running) into an active image with Nova's properties whose bytes are a standalone qcow2 (no backing file), and a
 * server booted from it reaches READY; the real {@code openstack server image create --wait} snapshots the running
 * server too; a stopped server is still copied offline; the host keeps no temporary volume. A stopped server (a running one gets 409, count 11
 * gets 400) clones into two servers that boot with their own uuid, hostname and IP; deleting everything leaves no
 * domain and no volume of theirs on the host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotCloneOnTestBedIT {
    private ControllerOnTestBed cloud;

    @BeforeAll
    void start() throws Exception {
        cloud = ControllerOnTestBed.start("snapclone");
    }

    @AfterAll
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void runningAndStoppedServersSnapshotIntoStandaloneImagesOverRestAndOpenstackCli() throws Exception {
        String baseImage = cloud.uploadGuestImage("snap-tiny");
        String id = cloud.createServer("snap-src", baseImage);
        cloud.awaitStatus(id, "ACTIVE");
        cloud.awaitReadyLines(id, 1); // the guest is up and using its disk while it is copied

        // Live: a backup job copies the running guest's disk; the guest keeps running.
        HttpResponse<String> accepted = send(request(cloud.port(), "/compute/v2.1/servers/" + id + "/action")
                .header("X-Auth-Token", cloud.token()).header("Content-Type", "application/json")
                .header("OpenStack-API-Version", "compute 2.45")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"createImage\": {\"name\": \"snap-live\", \"metadata\": {\"purpose\": \"it\"}}}")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String snapshot = json(accepted).get("image_id").asText();
        assertThat(accepted.headers().firstValue("Location").orElseThrow()).endsWith("/image/v2/images/" + snapshot);
        java.util.Set<String> taskStates = new java.util.LinkedHashSet<>();
        ControllerOnTestBed.await("live snapshot active", () -> {
            taskStates.add(json(cloud.call("GET", "/compute/v2.1/servers/" + id, null))
                    .at("/server/OS-EXT-STS:task_state").asText("none"));
            return "active".equals(json(cloud.call("GET", "/image/v2/images/" + snapshot, null)).get("status")
                    .asText());
        });
        assertThat(taskStates).as("Nova's snapshot task states only")
                .isSubsetOf("image_snapshot", "image_pending_upload", "image_uploading", "null", "none");
        JsonNode image = json(cloud.call("GET", "/image/v2/images/" + snapshot, null));
        assertThat(image.get("image_type").asText()).isEqualTo("snapshot");
        assertThat(image.get("instance_uuid").asText()).isEqualTo(id);
        assertThat(image.get("base_image_ref").asText()).isEqualTo(baseImage);
        assertThat(image.get("purpose").asText()).isEqualTo("it");
        assertThat(image.get("disk_format").asText()).isEqualTo("qcow2");
        cloud.awaitStatus(id, "ACTIVE");
        try (VirtConnection conn = VirtConnection.open(cloud.host().localUri())) {
            assertThat(conn.domains().get(org.kvmstack.virt.DomainRef.of(java.util.UUID.fromString(id))).state())
                    .as("the guest kept running").isEqualTo(org.kvmstack.virt.DomainState.RUNNING);
        }
        assertThat(qemuImgInfo(snapshot)).doesNotContain("backing-filename").contains("\"format\": \"qcow2\"");
        assertNoSnapshotVolumesLeft();

        // The live copy boots: a server from the snapshot image reaches READY with its own identity.
        String fromSnapshot = cloud.createServer("snap-boot", snapshot);
        cloud.awaitStatus(fromSnapshot, "ACTIVE");
        java.util.regex.Matcher ready = ControllerOnTestBed.READY.matcher(cloud.awaitReadyLines(fromSnapshot, 1));
        assertThat(ready.find()).isTrue();
        assertThat(ready.group(1)).isEqualTo("snap-boot");
        assertThat(ready.group(2)).isEqualTo(fromSnapshot);

        // The real client's snapshot of the running server, waiting for the image like users do.
        assumeTrue(OpenStackCli.installed(), "python3-openstackclient is not installed");
        OpenStackCli cli = new OpenStackCli(cloud.port(), cloud.adminPassword(), cloud.dataDir());
        OpenStackCli.Result created = ok(cli.run(240, "server", "image", "create", "--name", "snap-cli", "--wait",
                "-f", "json", "snap-src"));
        JsonNode cliImage = TestControllers.JSON.readTree(created.stdout());
        assertThat(cliImage.get("status").asText()).isEqualTo("active");
        assertThat(cliImage.get("name").asText()).isEqualTo("snap-cli");
        cloud.awaitStatus(id, "ACTIVE");
        assertNoSnapshotVolumesLeft();

        // Offline: a stopped server is still copied by qemu-img on the host.
        assertThat(cloud.action(id, "{\"os-stop\": null}").statusCode()).isEqualTo(202);
        cloud.awaitStatus(id, "SHUTOFF");
        HttpResponse<String> offline = cloud.action(id, "{\"createImage\": {\"name\": \"snap-off\"}}");
        assertThat(offline.statusCode()).as(offline.body()).isEqualTo(202);
        String stopped = offline.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        ControllerOnTestBed.await("offline snapshot active", () -> "active".equals(
                json(cloud.call("GET", "/image/v2/images/" + stopped, null)).get("status").asText()));
        cloud.awaitStatus(id, "SHUTOFF");
        assertThat(qemuImgInfo(stopped)).doesNotContain("backing-filename").contains("\"format\": \"qcow2\"");
        assertNoSnapshotVolumesLeft();

        for (String server : List.of(id, fromSnapshot)) {
            assertThat(cloud.call("DELETE", "/compute/v2.1/servers/" + server, null).statusCode()).isEqualTo(204);
            ControllerOnTestBed.await("server gone",
                    () -> cloud.call("GET", "/compute/v2.1/servers/" + server, null).statusCode() == 404);
        }
        ok(cli.run(60, "image", "delete", "snap-cli"));
        for (String img : List.of(snapshot, stopped, baseImage)) {
            assertThat(cloud.call("DELETE", "/image/v2/images/" + img, null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void stoppedServerClonesIntoTwoServersWithTheirOwnIdentity() throws Exception {
        String baseImage = cloud.uploadGuestImage("clone-tiny");
        String source = cloud.createServer("clone-src", baseImage);
        cloud.awaitStatus(source, "ACTIVE");
        HttpResponse<String> running = cloud.action(source, "{\"kvmstack:clone\": {\"count\": 2}}");
        assertThat(running.statusCode()).as(running.body()).isEqualTo(409);
        assertThat(cloud.action(source, "{\"os-stop\": null}").statusCode()).isEqualTo(202);
        cloud.awaitStatus(source, "SHUTOFF");
        HttpResponse<String> tooMany = cloud.action(source, "{\"kvmstack:clone\": {\"count\": 11}}");
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(400);

        HttpResponse<String> accepted =
                cloud.action(source, "{\"kvmstack:clone\": {\"count\": 2, \"name\": \"twin\"}}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        List<String> clones = new java.util.ArrayList<>();
        json(accepted).get("servers").forEach(c -> clones.add(c.get("id").asText()));
        assertThat(clones).hasSize(2).doesNotContain(source);

        java.util.Set<String> ips = new java.util.HashSet<>();
        for (int n = 0; n < clones.size(); n++) {
            String id = clones.get(n);
            JsonNode server = cloud.awaitStatus(id, "ACTIVE");
            assertThat(server.get("name").asText()).isEqualTo("twin-" + (n + 1));
            String ip = server.at("/addresses/kvmstack-default/0/addr").asText();
            ips.add(ip);
            String log = cloud.awaitReadyLines(id, 1);
            java.util.regex.Matcher ready = ControllerOnTestBed.READY.matcher(log);
            assertThat(ready.find()).as(log).isTrue();
            assertThat(ready.group(1)).as("hostname from the clone's config drive").isEqualTo("twin-" + (n + 1));
            assertThat(ready.group(2)).isEqualTo(id);
            assertThat(ready.group(3)).startsWith(ip + "/");
        }
        assertThat(ips).as("each clone its own address").hasSize(2);
        cloud.awaitStatus(source, "SHUTOFF");

        List<String> all = new java.util.ArrayList<>(clones);
        all.add(source);
        for (String id : all) {
            assertThat(cloud.call("DELETE", "/compute/v2.1/servers/" + id, null).statusCode()).isEqualTo(204);
        }
        for (String id : all) {
            ControllerOnTestBed.await("server gone",
                    () -> cloud.call("GET", "/compute/v2.1/servers/" + id, null).statusCode() == 404);
        }
        try (VirtConnection conn = VirtConnection.open(cloud.host().localUri())) {
            assertThat(conn.domains().list()).extracting(d -> d.uuid().toString()).doesNotContainAnyElementsOf(all);
            conn.storage().refreshPool(HostLayout.POOL_NAME);
            assertThat(conn.storage().volumes(HostLayout.POOL_NAME)).extracting(v -> v.name())
                    .noneMatch(n -> all.stream().anyMatch(n::startsWith));
        }
        assertThat(cloud.call("DELETE", "/image/v2/images/" + baseImage, null).statusCode()).isEqualTo(204);
    }

    private String qemuImgInfo(String imageId) throws Exception {
        Path file = cloud.dataDir().resolve("snapshot-" + imageId + ".qcow2");
        HttpResponse<Path> data = HttpClient.newHttpClient().send(request(cloud.port(), "/image/v2/images/" + imageId
                + "/file").header("X-Auth-Token", cloud.token()).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
        assertThat(data.statusCode()).isEqualTo(200);
        Process p = new ProcessBuilder("qemu-img", "info", "--output=json", file.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String info = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(info).isZero();
        Files.delete(file);
        return info;
    }

    private void assertNoSnapshotVolumesLeft() throws Exception {
        try (VirtConnection conn = VirtConnection.open(cloud.host().localUri())) {
            conn.storage().refreshPool(HostLayout.POOL_NAME);
            assertThat(conn.storage().volumes(HostLayout.POOL_NAME)).extracting(v -> v.name())
                    .noneMatch(n -> n.startsWith("snapshot-"));
        }
    }

    private static OpenStackCli.Result ok(OpenStackCli.Result result) {
        assertThat(result.exitCode()).as(result.all()).isZero();
        return result;
    }
}
