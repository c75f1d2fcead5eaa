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

/** The compute routes of the real controller over HTTP: flavors, keypairs, server errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComputeHttpTest {
    private Controller controller;
    private int port;
    private String token;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        controller = TestControllers.start(dataDir, new MutableClock(Instant.now()));
        port = controller.port();
        String password = controller.generatedAdminPassword().orElseThrow();
        HttpResponse<String> issued = send(request(port, "/identity/v3/auth/tokens").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(passwordAuth("admin", password, "admin"))));
        token = issued.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    @AfterAll
    void stop() {
        controller.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String version) throws Exception {
        HttpRequest.Builder r = request(port, "/compute/v2.1" + path).header("X-Auth-Token", token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (version != null) {
            r.header("OpenStack-API-Version", "compute " + version);
        }
        return send(r);
    }

    @Test
    void defaultFlavorsAreListedAndAdminCanManageThem() throws Exception {
        HttpResponse<String> list = call("GET", "/flavors/detail", null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).get("flavors").findValuesAsText("name")).contains("m1.tiny", "m1.small", "m1.medium");

        HttpResponse<String> created = call("POST", "/flavors",
                "{\"flavor\":{\"name\":\"t.web\",\"ram\":256,\"vcpus\":1,\"disk\":2,\"id\":\"web\"}}", null);
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(json(created).at("/flavor/ram").asInt()).isEqualTo(256);
        assertThat(call("POST", "/flavors", "{\"flavor\":{\"name\":\"t.web\",\"ram\":256,\"vcpus\":1,\"disk\":2}}", null)
                .statusCode()).isEqualTo(409);
        assertThat(call("POST", "/flavors", "{\"flavor\":{\"name\":\"bad\",\"ram\":0,\"vcpus\":1,\"disk\":2}}", null)
                .statusCode()).isEqualTo(400);

        HttpResponse<String> specs = call("POST", "/flavors/web/os-extra_specs",
                "{\"extra_specs\":{\"hw:cpu_policy\":\"shared\"}}", null);
        assertThat(specs.statusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/flavors/web", null, "2.61")).at("/flavor/extra_specs/hw:cpu_policy").asText())
                .isEqualTo("shared");
        assertThat(call("DELETE", "/flavors/web", null, null).statusCode()).isEqualTo(202);
        HttpResponse<String> gone = call("GET", "/flavors/web", null, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).has("itemNotFound")).isTrue();
    }

    @Test
    void keypairsAreGeneratedOnceImportedValidatedAndDeleted() throws Exception {
        HttpResponse<String> generated = call("POST", "/os-keypairs", "{\"keypair\":{\"name\":\"gen\"}}", "2.2");
        assertThat(generated.statusCode()).isEqualTo(201);
        assertThat(json(generated).at("/keypair/private_key").asText()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(json(generated).at("/keypair/public_key").asText()).startsWith("ssh-rsa ");
        assertThat(json(generated).at("/keypair/type").asText()).isEqualTo("ssh");

        String publicKey = json(generated).at("/keypair/public_key").asText();
        HttpResponse<String> imported = call("POST", "/os-keypairs",
                "{\"keypair\":{\"name\":\"imp\",\"public_key\":\"" + publicKey + "\"}}", "2.2");
        assertThat(imported.statusCode()).isEqualTo(201);
        assertThat(json(imported).at("/keypair/fingerprint").asText())
                .isEqualTo(json(generated).at("/keypair/fingerprint").asText());
        assertThat(json(imported).at("/keypair").has("private_key")).isFalse();

        assertThat(call("POST", "/os-keypairs", "{\"keypair\":{\"name\":\"bad\",\"public_key\":\"ssh-rsa !!!\"}}", null)
                .statusCode()).isEqualTo(400);
        assertThat(call("POST", "/os-keypairs", "{\"keypair\":{\"name\":\"gen\"}}", null).statusCode()).isEqualTo(409);
        assertThat(json(call("GET", "/os-keypairs", null, null)).get("keypairs").findValuesAsText("name"))
                .contains("gen", "imp");
        assertThat(call("DELETE", "/os-keypairs/imp", null, "2.2").statusCode()).isEqualTo(204);
        assertThat(call("GET", "/os-keypairs/imp", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void serverRequestsWithBadInputAre4xxAndCreateNothing() throws Exception {
        HttpResponse<String> noImage = call("POST", "/servers",
                "{\"server\":{\"name\":\"s\",\"imageRef\":\"" + UUID.randomUUID() + "\",\"flavorRef\":\"1\"}}", null);
        assertThat(noImage.statusCode()).isEqualTo(400);
        assertThat(json(noImage).has("badRequest")).isTrue();
        assertThat(call("POST", "/servers", "{\"server\":{\"imageRef\":\"x\",\"flavorRef\":\"1\"}}", null).statusCode())
                .isEqualTo(400);
        assertThat(call("POST", "/servers", "{\"server\":{\"name\":\"s\",\"imageRef\":\"x\",\"flavorRef\":\"1\","
                + "\"networks\":[{\"port\":\"p\"}]}}", null).statusCode()).isEqualTo(400);
        assertThat(json(call("GET", "/servers/detail", null, null)).get("servers").size()).isZero();
        assertThat(call("GET", "/servers/" + UUID.randomUUID(), null, null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/servers/" + UUID.randomUUID() + "/action", "{\"os-stop\":null}", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void legacyConsoleActionsReachTheConsoleServiceBefore26AndAreUnknownFrom26() throws Exception {
        String vnc = "{\"os-getVNCConsole\": {\"type\": \"novnc\"}}";
        String unknown = "/servers/" + UUID.randomUUID() + "/action";

        HttpResponse<String> legacy = call("POST", unknown, vnc, null);
        assertThat(legacy.statusCode()).as(legacy.body()).isEqualTo(404);
        assertThat(legacy.body()).contains("itemNotFound");

        HttpResponse<String> modern = call("POST", unknown, vnc, "2.6");
        assertThat(modern.statusCode()).isEqualTo(400);
        assertThat(modern.body()).contains("There is no such action: os-getVNCConsole");
    }
}
