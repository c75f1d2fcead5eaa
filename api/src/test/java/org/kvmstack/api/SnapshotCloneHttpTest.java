package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.passwordAuth;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.testing.MutableClock;

/** createImage and kvmstack:clone over HTTP on a controller without hosts: the error mapping of both actions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotCloneHttpTest {
    private Controller controller;
    private String token;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        controller = TestControllers.start(dataDir, new MutableClock(Instant.now()));
        String password = controller.generatedAdminPassword().orElseThrow();
        HttpResponse<String> issued = send(request(controller.port(), "/identity/v3/auth/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(passwordAuth("admin", password, "admin"))));
        token = issued.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    @AfterAll
    void stop() {
        controller.close();
    }

    private HttpResponse<String> action(String id, String body) throws Exception {
        return send(request(controller.port(), "/compute/v2.1/servers/" + id + "/action").header("X-Auth-Token", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void createImageOfAnUnknownServerIsItemNotFound() throws Exception {
        HttpResponse<String> missing = action(UUID.randomUUID().toString(), "{\"createImage\": {\"name\": \"s\"}}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).has("itemNotFound")).isTrue();
    }

    @Test
    void createImageWithoutANameOrBodyIsABadRequest() throws Exception {
        assertThat(action(UUID.randomUUID().toString(), "{\"createImage\": {}}").statusCode()).isEqualTo(400);
        assertThat(action(UUID.randomUUID().toString(), "{\"createImage\": null}").statusCode()).isEqualTo(400);
    }

    @Test
    void cloneOfAnUnknownServerIsItemNotFoundAndABadCountIsABadRequest() throws Exception {
        assertThat(action(UUID.randomUUID().toString(), "{\"kvmstack:clone\": {\"count\": 2}}").statusCode())
                .isEqualTo(404);
        assertThat(action(UUID.randomUUID().toString(), "{\"kvmstack:clone\": {\"count\": \"many\"}}").statusCode())
                .isEqualTo(400);
    }
}
