package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.passwordAuth;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.testing.MutableClock;

/**
 * A server's document shows its flavor from the display cache: flavor writes through the API (extra specs,
 * delete, re-create under the same id) show in the very next GET of the server and of the detail list.
 * The controller has no hosts, so the server row is put into its store directly, as a built server's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerViewFlavorHttpTest {
    private Controller controller;
    private String token;
    private String serverId;
    private long launchedAt;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        controller = TestControllers.start(dataDir, new MutableClock(Instant.now()));
        String password = controller.generatedAdminPassword().orElseThrow();
        HttpResponse<String> issued = send(request(controller.port(), "/identity/v3/auth/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(passwordAuth("admin", password, "admin"))));
        token = issued.headers().firstValue("X-Subject-Token").orElseThrow();
        serverId = UUID.randomUUID().toString();
        try (Connection c = DriverManager.getConnection(DatabaseConfig.sqliteIn(dataDir).jdbcUrl())) {
            String project = single(c, "SELECT id FROM projects WHERE name = 'admin'");
            String user = single(c, "SELECT id FROM users WHERE name = 'admin'");
            long now = System.currentTimeMillis();
            launchedAt = now;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO instances (id, name, project_id, user_id, "
                    + "image_id, flavor_id, flavor_name, vcpus, memory_mb, disk_gb, claimed, config_drive, vm_state, "
                    + "power_state, build_step, created_at, updated_at, launched_at, deleted) VALUES (?, 'shown', ?, ?, "
                    + "'img', '1', 'm1.tiny', 1, 128, 1, FALSE, FALSE, 'active', 1, 'DONE', ?, ?, ?, FALSE)")) {
                insert.setString(1, serverId);
                insert.setString(2, project);
                insert.setString(3, user);
                insert.setLong(4, now);
                insert.setLong(5, now);
                insert.setLong(6, now);
                insert.executeUpdate();
            }
        }
    }

    @Test
    void launchedAtIsNovasFormatWithTheMillisecondTheServerBecameActive() throws Exception {
        HttpResponse<String> shown = call("GET", "/servers/" + serverId, null);
        String launched = json(shown).at("/server/OS-SRV-USG:launched_at").asText();
        assertThat(launched).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}000");
        assertThat(java.time.LocalDateTime.parse(launched).toInstant(java.time.ZoneOffset.UTC))
                .isEqualTo(Instant.ofEpochMilli(launchedAt));
    }

    @AfterAll
    void stop() {
        controller.close();
    }

    @Test
    void flavorWritesShowInTheNextServerDocument() throws Exception {
        assertThat(flavorOfServer().path("extra_specs").size()).isZero();
        assertThat(flavorOfServer().path("original_name").asText()).isEqualTo("m1.tiny");

        assertThat(call("POST", "/flavors/1/os-extra_specs", "{\"extra_specs\":{\"hw:cpu_policy\":\"shared\"}}")
                .statusCode()).isEqualTo(200);
        assertThat(flavorOfServer().at("/extra_specs/hw:cpu_policy").asText()).isEqualTo("shared");
        assertThat(flavorOfDetailListedServer().at("/extra_specs/hw:cpu_policy").asText()).isEqualTo("shared");

        assertThat(call("DELETE", "/flavors/1", null).statusCode()).isEqualTo(202);
        assertThat(flavorOfServer().path("extra_specs").size()).as("deleted flavor: no specs").isZero();
        assertThat(flavorOfServer().path("original_name").asText()).as("the server keeps its copy").isEqualTo("m1.tiny");

        assertThat(call("POST", "/flavors", "{\"flavor\":{\"id\":\"1\",\"name\":\"m1.again\",\"vcpus\":1,\"ram\":128,"
                + "\"disk\":1,\"OS-FLV-EXT-DATA:ephemeral\":2}}").statusCode()).isEqualTo(200);
        assertThat(flavorOfServer().path("ephemeral").asInt()).as("re-created under the same id").isEqualTo(2);
        assertThat(flavorOfDetailListedServer().path("ephemeral").asInt()).isEqualTo(2);
    }

    private JsonNode flavorOfServer() throws Exception {
        HttpResponse<String> shown = call("GET", "/servers/" + serverId, null);
        assertThat(shown.statusCode()).isEqualTo(200);
        return json(shown).at("/server/flavor");
    }

    private JsonNode flavorOfDetailListedServer() throws Exception {
        HttpResponse<String> listed = call("GET", "/servers/detail", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        for (JsonNode s : json(listed).path("servers")) {
            if (s.path("id").asText().equals(serverId)) {
                return s.path("flavor");
            }
        }
        throw new AssertionError("server " + serverId + " not in the detail list: " + listed.body());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return send(request(controller.port(), "/compute/v2.1" + path).header("X-Auth-Token", token)
                .header("Content-Type", "application/json").header("OpenStack-API-Version", "compute 2.61")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String single(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
