package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.passwordAuth;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.api.console.ConsoleRequests;
import org.kvmstack.api.console.ConsoleRoutes;
import org.kvmstack.api.console.OriginPolicy;
import org.kvmstack.api.identity.IdentityRoutes;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.console.ConsoleConnector;
import org.kvmstack.cloud.console.ConsoleService;
import org.kvmstack.cloud.console.ConsoleTarget;
import org.kvmstack.cloud.console.ConsoleTokenService;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.identity.IdentityBootstrap;
import org.kvmstack.cloud.identity.IdentityService;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.testing.MutableClock;
import org.kvmstack.virt.VirtConnection;

/**
 * The legacy console actions ({@code os-getVNCConsole}, {@code os-getSerialConsole}) over real HTTP, through a
 * stand-in for compute's {@code POST /servers/{id}/action} dispatcher that does what compute's must do: ask
 * {@link ConsoleRequests#handlesAction} and hand over to {@link ConsoleRequests#performAction}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleActionsHttpTest {
    private final ObjectMapper json = new ObjectMapper();
    private final UUID instance = UUID.randomUUID();
    private Database database;
    private VirtConnection host;
    private ApiServer server;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        SecureRandom random = new SecureRandom();
        PasswordHasher hasher = PasswordHasher.bcrypt(4);
        database = Database.open(new DatabaseConfig("jdbc:sqlite:" + dir.resolve("store.db"), "", ""));
        String password = new IdentityBootstrap(database.jdbi(), hasher, clock, random).run(dir.resolve("admin-password"))
                .generatedAdminPassword().orElseThrow();
        IdentityService identity = new IdentityService(database.jdbi(), hasher, clock, Duration.ofHours(1), random);
        host = VirtConnection.open("test:///default");
        ConsoleService consoles = new ConsoleService((id, project) -> id.equals(instance)
                ? Optional.of(new ConsoleTarget(host, id)) : Optional.empty(),
                new ConsoleTokenService(database.jdbi(), clock, ConsoleTokenService.DEFAULT_TTL, random),
                new ConsoleConnector());
        ConsoleRoutes consoleRoutes = new ConsoleRoutes(consoles, new OriginPolicy(Optional.empty(), List.of()), json);
        RouteModule computeActions = routes -> routes.post("/compute/v2.1/servers/{id}/action", Access.MEMBER, ctx -> {
            JsonNode body = json.readTree(ctx.body());
            if (consoleRoutes.requests().handlesAction(ctx, body)) {   // the line compute's dispatcher needs
                consoleRoutes.requests().performAction(ctx, body);
                return;
            }
            throw new BadRequest("There is no such action: " + body.fieldNames().next());
        });
        server = ApiServer.start("127.0.0.1", 0, Optional.empty(), identity,
                List.of(new IdentityRoutes(identity, "RegionOne", json), consoleRoutes, computeActions), json);
        HttpResponse<String> auth = send(request(server.port(), "/identity/v3/auth/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(passwordAuth("admin", password, "admin"))));
        token = auth.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    @AfterAll
    void stop() {
        server.close();
        host.close();
        database.close();
    }

    private HttpResponse<String> action(String version, String body) throws Exception {
        return send(request(server.port(), "/compute/v2.1/servers/" + instance + "/action")
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .header("OpenStack-API-Version", "compute " + version)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void legacyActionsAnswerConsoleUrlsUpTo25() throws Exception {
        HttpResponse<String> vnc = action("2.1", "{\"os-getVNCConsole\": {\"type\": \"novnc\"}}");
        assertThat(vnc.statusCode()).as(vnc.body()).isEqualTo(200);
        assertThat(json(vnc).at("/console/type").asText()).isEqualTo("novnc");
        assertThat(json(vnc).at("/console/url").asText())
                .matches("http://127\\.0\\.0\\.1:" + server.port() + "/console/vnc\\?token=[A-Za-z0-9_-]{43}");

        HttpResponse<String> serial = action("2.5", "{\"os-getSerialConsole\": {\"type\": \"serial\"}}");
        assertThat(serial.statusCode()).isEqualTo(200);
        assertThat(json(serial).at("/console/url").asText())
                .matches("ws://127\\.0\\.0\\.1:" + server.port() + "/console/serial\\?token=[A-Za-z0-9_-]{43}");
    }

    @Test
    void legacyActionsAreGoneFrom26AndRefuseOtherTypes() throws Exception {
        assertThat(action("2.6", "{\"os-getVNCConsole\": {\"type\": \"novnc\"}}").statusCode()).isEqualTo(400);
        HttpResponse<String> xvp = action("2.1", "{\"os-getVNCConsole\": {\"type\": \"xvpvnc\"}}");
        assertThat(xvp.statusCode()).isEqualTo(400);
        assertThat(json(xvp).at("/badRequest/message").asText()).contains("xvpvnc");
    }
}
