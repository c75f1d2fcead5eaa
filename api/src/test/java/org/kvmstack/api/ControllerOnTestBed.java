package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.testbed.LabHost;
import org.kvmstack.testbed.OneHostBed;
import org.kvmstack.testbed.TestBed;

/**
 * The fixture of every "controller on a test-bed host" integration test: a one-host test bed ({@link OneHostBed}),
 * the production controller in-process on a free loopback port with {@code hosts = lab=<the host's socket>} and a
 * 2 s reconcile interval (so out-of-band changes show quickly), the admin's generated password and a project token,
 * and the REST calls those tests make (upload the tiny guest, create a server, wait for a status or the guest's
 * READY line). Shared with the cli module's tests through api's test-jar.
 *
 * <p>{@link #start(String)} turns a missing prerequisite (not root, no guest image) into a JUnit skip, so call it
 * from {@code @BeforeAll}. Every wait is bounded by {@link #LIMIT}.
 */
public final class ControllerOnTestBed implements AutoCloseable {
    /** The bound of every wait: long enough for a TCG boot on a loaded 2-core machine. */
    public static final Duration LIMIT = Duration.ofSeconds(180);
    /** The tiny guest's boot-complete line on its serial console. */
    public static final Pattern READY =
            Pattern.compile("KVMSTACK-GUEST-READY hostname=(\\S+) uuid=(\\S+) ip=(\\S+) mac=(\\S+)");

    private final OneHostBed bed;
    private final Path guestDisk;
    private final Controller controller;
    private final String adminPassword;
    private final String token;

    private ControllerOnTestBed(OneHostBed bed, Path guestDisk, Controller controller, String adminPassword,
                                String token) {
        this.bed = bed;
        this.guestDisk = guestDisk;
        this.controller = controller;
        this.adminPassword = adminPassword;
        this.token = token;
    }

    /**
     * Starts the bed and the controller, and logs the admin in.
     *
     * @param prefix 1–11 characters of [a-z0-9-] naming the bed's namespaces (a random suffix is added)
     */
    public static ControllerOnTestBed start(String prefix) throws IOException, InterruptedException {
        Optional<String> missing = OneHostBed.missingPrerequisite();
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
        OneHostBed bed = OneHostBed.start(prefix);
        Controller controller = null;
        try {
            var config = new ConfigLoader(Map.of(), bed.dataDir().resolve("absent.conf")).load(Optional.empty(), Map.of(
                    ConfigLoader.DATA_DIR, bed.dataDir().toString(), ConfigLoader.PORT, "0",
                    ConfigLoader.HOSTS, "lab=" + bed.host().localUri(),
                    ConfigLoader.COMPUTE_RECONCILE_INTERVAL, "2"));
            // cheap bcrypt: these tests are about servers, not password hashing
            controller = Controller.start(config, Clock.systemUTC(), PasswordHasher.bcrypt(4));
            String password = controller.generatedAdminPassword()
                    .orElseThrow(() -> new IllegalStateException("a fresh data dir must bootstrap an admin"));
            HttpResponse<String> issued = send(request(controller.port(), "/identity/v3/auth/tokens")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TestControllers.passwordAuth("admin", password, "admin"))));
            String token = issued.headers().firstValue("X-Subject-Token")
                    .orElseThrow(() -> new IllegalStateException("no token for the admin: " + issued.body()));
            return new ControllerOnTestBed(bed, bed.guestDisk(), controller, password, token);
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                if (controller != null) {
                    controller.close();
                }
            } finally {
                bed.close();
            }
            throw e;
        }
    }

    public TestBed bed() {
        return bed.bed();
    }

    /** The controller's only compute host. */
    public LabHost host() {
        return bed.host();
    }

    /** The controller's data directory (its SQLite store, image bytes); removed by {@link #close()}. */
    public Path dataDir() {
        return bed.dataDir();
    }

    /** The tiny guest's qcow2, to upload as an image. */
    public Path guestDisk() {
        return guestDisk;
    }

    public Controller controller() {
        return controller;
    }

    public int port() {
        return controller.port();
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** A project-scoped token of the admin. */
    public String token() {
        return token;
    }

    /** The admin's {@code OS_*} variables, for clients configured by environment. */
    public Map<String, String> adminEnvironment() {
        return Map.of("OS_AUTH_URL", "http://127.0.0.1:" + port() + "/identity/v3",
                "OS_USERNAME", "admin", "OS_PASSWORD", adminPassword, "OS_PROJECT_NAME", "admin",
                "OS_USER_DOMAIN_NAME", "Default", "OS_PROJECT_DOMAIN_NAME", "Default");
    }

    /** A JSON request with the admin's token; {@code body} null for none. */
    public HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return send(request(port(), path).header("X-Auth-Token", token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A server action ({@code POST /servers/{id}/action}). */
    public HttpResponse<String> action(String serverId, String body) throws IOException, InterruptedException {
        return call("POST", "/compute/v2.1/servers/" + serverId + "/action", body);
    }

    /** Creates a qcow2 image named {@code name}, uploads the tiny guest into it and checks it went active. */
    public String uploadGuestImage(String name) throws IOException, InterruptedException {
        HttpResponse<String> created = call("POST", "/image/v2/images", "{\"name\": \"" + name
                + "\", \"disk_format\": \"qcow2\", \"container_format\": \"bare\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asText();
        HttpResponse<String> uploaded = send(request(port(), "/image/v2/images/" + id + "/file")
                .header("X-Auth-Token", token).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(guestDisk)));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(204);
        assertThat(json(call("GET", "/image/v2/images/" + id, null)).get("status").asText()).isEqualTo("active");
        return id;
    }

    /** Asks for a server of flavor 1 (m1.tiny) on the default network; returns its id (it is building). */
    public String createServer(String name, String imageId) throws IOException, InterruptedException {
        HttpResponse<String> created = call("POST", "/compute/v2.1/servers", "{\"server\": {\"name\": \"" + name
                + "\", \"imageRef\": \"" + imageId + "\", \"flavorRef\": \"1\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return json(created).at("/server/id").asText();
    }

    /**
     * Waits until the server has {@code status} and no task; fails at once when it goes to ERROR.
     *
     * @return the server as last shown
     */
    public JsonNode awaitStatus(String serverId, String status) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await("status " + status + " of " + serverId, () -> {
            last[0] = json(call("GET", "/compute/v2.1/servers/" + serverId, null)).get("server");
            assertThat(last[0].get("status").asText()).as("server went to ERROR: %s", last[0]).isNotEqualTo("ERROR");
            return status.equals(last[0].get("status").asText()) && last[0].path("OS-EXT-STS:task_state").isNull();
        });
        return last[0];
    }

    /** Waits until the server's console output holds at least {@code readyLines} {@link #READY} lines; returns it. */
    public String awaitReadyLines(String serverId, int readyLines) throws Exception {
        String[] log = {""};
        await(readyLines + " READY line(s) in the console log of " + serverId, () -> {
            log[0] = json(action(serverId, "{\"os-getConsoleOutput\": {}}")).get("output").asText();
            return READY.matcher(log[0]).results().count() >= readyLines;
        });
        return log[0];
    }

    /** Polls {@code condition} every 500 ms until it holds; fails after {@link #LIMIT}. */
    public static void await(String what, Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not within " + LIMIT + ": " + what);
    }

    /** Stops the controller, then removes the bed and the data directory. */
    @Override
    public void close() {
        try {
            controller.close();
        } finally {
            bed.close();
        }
    }
}
