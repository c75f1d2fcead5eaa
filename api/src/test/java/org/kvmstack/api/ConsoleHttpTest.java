package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.passwordAuth;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.console.ConsoleTarget;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.cloud.testing.MutableClock;
import org.kvmstack.virt.VirtConnection;

/**
 * Console requests and the websocket gate on the real controller over real HTTP. The instance is a domain UUID on
 * libvirt's test driver, which has no consoles: enough for URLs, tokens and refusals; the byte pumps are proven on
 * real QEMU by ConsoleProxyIT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleHttpTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final UUID instance = UUID.randomUUID();
    private VirtConnection host;
    private Controller controller;
    private int port;
    private String token;
    private String projectId;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        host = VirtConnection.open("test:///default");
        String[] project = new String[1];
        controller = Controller.start(TestControllers.config(dataDir), clock, PasswordHasher.bcrypt(4),
                (id, projectId) -> id.equals(instance) && projectId.equals(project[0])
                        ? Optional.of(new ConsoleTarget(host, id)) : Optional.empty());
        port = controller.port();
        HttpResponse<String> issued = send(request(port, "/identity/v3/auth/tokens")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        passwordAuth("admin", controller.generatedAdminPassword().orElseThrow(), "admin"))));
        token = issued.headers().firstValue("X-Subject-Token").orElseThrow();
        projectId = json(issued).at("/token/project/id").asText();
        project[0] = projectId;
    }

    @AfterAll
    void stop() {
        controller.close();
        host.close();
    }

    private HttpResponse<String> remoteConsole(UUID server, String version, String body) throws Exception {
        return send(request(port, "/compute/v2.1/servers/" + server + "/remote-consoles")
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .header("OpenStack-API-Version", "compute " + version)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String consoleUrl(String protocol, String type) throws Exception {
        HttpResponse<String> response = remoteConsole(instance, "2.6",
                "{\"remote_console\": {\"protocol\": \"" + protocol + "\", \"type\": \"" + type + "\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).at("/remote_console/url").asText();
    }

    private static String tokenOf(String url) {
        return url.substring(url.indexOf("token=") + "token=".length());
    }

    @Test
    void remoteConsolesAnswersNovaShapedUrlsUnderThePublicUrl() throws Exception {
        JsonNode serial = json(remoteConsole(instance, "2.8",
                "{\"remote_console\": {\"protocol\": \"serial\", \"type\": \"serial\"}}")).path("remote_console");
        assertThat(serial.path("protocol").asText()).isEqualTo("serial");
        assertThat(serial.path("type").asText()).isEqualTo("serial");
        assertThat(serial.path("url").asText()).matches("ws://127\\.0\\.0\\.1:" + port + "/console/serial\\?token=[A-Za-z0-9_-]{43}");

        assertThat(consoleUrl("vnc", "novnc")).matches("http://127\\.0\\.0\\.1:" + port + "/console/vnc\\?token=[A-Za-z0-9_-]{43}");
    }

    @Test
    void badConsoleRequestsAreRefusedWithNovaErrors() throws Exception {
        HttpResponse<String> spice = remoteConsole(instance, "2.6", "{\"remote_console\": {\"protocol\": \"spice\", \"type\": \"spice-html5\"}}");
        assertThat(spice.statusCode()).isEqualTo(400);
        assertThat(json(spice).at("/badRequest/code").asInt()).isEqualTo(400);
        assertThat(remoteConsole(instance, "2.6", "{\"remote_console\": {\"protocol\": \"vnc\", \"type\": \"serial\"}}").statusCode()).isEqualTo(400);
        assertThat(remoteConsole(instance, "2.6", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = remoteConsole(UUID.randomUUID(), "2.6", "{\"remote_console\": {\"protocol\": \"vnc\", \"type\": \"novnc\"}}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).at("/itemNotFound/code").asInt()).isEqualTo(404);
        assertThat(remoteConsole(instance, "2.5", "{\"remote_console\": {\"protocol\": \"vnc\", \"type\": \"novnc\"}}").statusCode()).isEqualTo(404);
        HttpResponse<String> anonymous = send(request(port, "/compute/v2.1/servers/" + instance + "/remote-consoles")
                .header("Content-Type", "application/json").header("OpenStack-API-Version", "compute 2.6")
                .POST(HttpRequest.BodyPublishers.ofString("{\"remote_console\": {\"protocol\": \"vnc\", \"type\": \"novnc\"}}")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheUpgradeAndTheTokenIsNotSpent() throws Exception {
        String url = consoleUrl("serial", "serial");
        assertThatThrownBy(() -> TestWebSocket.connect(URI.create(url), "http://evil.example", null))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, r -> assertThat(r.status).isEqualTo(403));
        // Same origin passes the gate; the token is then consumed (the test driver has no console to open).
        try (TestWebSocket ws = TestWebSocket.connect(URI.create(url), "http://127.0.0.1:" + port, null)) {
            assertThat(ws.awaitClose(Duration.ofSeconds(10))).isEqualTo(1011);
        }
    }

    @Test
    void aTokenIsRefusedOnSecondUseOnTheWrongConsoleAndWhenExpired() throws Exception {
        String serial = consoleUrl("serial", "serial");
        try (TestWebSocket first = TestWebSocket.connect(URI.create(serial), null, null)) {
            first.awaitClose(Duration.ofSeconds(10));
        }
        assertThatThrownBy(() -> TestWebSocket.connect(URI.create(serial), null, null))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, r -> assertThat(r.status).isEqualTo(401));

        String vncToken = tokenOf(consoleUrl("vnc", "novnc"));
        assertThatThrownBy(() -> TestWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/console/serial?token=" + vncToken), null, null))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, r -> assertThat(r.status).isEqualTo(401));

        String late = tokenOf(consoleUrl("vnc", "novnc"));
        clock.advance(Duration.ofMinutes(10));
        try {
            assertThatThrownBy(() -> TestWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/console/websockify?token=" + late), null, "binary"))
                    .isInstanceOfSatisfying(TestWebSocket.Refused.class, r -> assertThat(r.status).isEqualTo(401));
        } finally {
            clock.advance(Duration.ofMinutes(-10));
        }
        assertThatThrownBy(() -> TestWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/console/websockify"), null, null))
                .isInstanceOfSatisfying(TestWebSocket.Refused.class, r -> assertThat(r.status).isEqualTo(401));
    }

    @Test
    void theVncWebsocketSelectsTheBinarySubprotocolNoVncAsksFor() throws Exception {
        String vncToken = tokenOf(consoleUrl("vnc", "novnc"));
        try (TestWebSocket ws = TestWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/console/websockify?token=" + vncToken), null, "binary")) {
            assertThat(ws.subprotocol()).isEqualTo("binary");
        }
    }
}
