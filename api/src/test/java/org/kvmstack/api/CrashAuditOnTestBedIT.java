package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.passwordAuth;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.testbed.OneHostBed;
import org.kvmstack.virt.VirtConnection;

/**
 * "A crash or a restart at any step loses nothing and leaks nothing": the controller runs as its own OS process
 * ({@link CrashableController}) on a one-host test bed with the tiny guest uploaded. Each round starts a mixed set
 * of operations (create, delete, live snapshot, clone of a stopped server, stop, start), kills the controller with
 * SIGKILL after a random delay, starts a new one on the same store, waits until every server has settled (no task,
 * or ERROR), and runs {@link CrashAudit}: it must find nothing, and every server whose delete was accepted before a
 * kill must be gone. At the end everything is deleted and the host must
 * hold nothing of the servers. The seed is printed and named in every failure; {@code -Dcrashaudit.seed=N} replays
 * one run's choices (the kill instants still depend on the machine's load); {@code -Dcrashaudit.rounds} and
 * {@code -Dcrashaudit.minutes} make a longer soak.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashAuditOnTestBedIT {
    // The test command runs 5 rounds within ~3 minutes of kills (the suite's time budget); a soak runs more with
    // -Dcrashaudit.rounds=N -Dcrashaudit.minutes=M.
    private static final int ROUNDS = Integer.getInteger("crashaudit.rounds", 5);
    private static final Duration TOTAL_LIMIT = Duration.ofMinutes(Integer.getInteger("crashaudit.minutes", 3));
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(120);
    private static final Duration AUDIT_GRACE = Duration.ofSeconds(20);
    private static final int MAX_KILL_DELAY_MS = 1500;

    private OneHostBed bed;
    private Path log;
    private int port;
    private Process controller;
    private String token;
    private long seed;

    @BeforeAll
    void start() throws Exception {
        OneHostBed.missingPrerequisite().ifPresent(reason -> assumeTrue(false, reason));
        bed = OneHostBed.start("crashaudit");
        log = bed.dataDir().resolveSibling(bed.dataDir().getFileName() + "-controller.log");
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        startController();
        String password = Files.readString(bed.dataDir().resolve("admin-password")).trim();
        HttpResponse<String> issued = send(request(port, "/identity/v3/auth/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(passwordAuth("admin", password, "admin"))));
        token = issued.headers().firstValue("X-Subject-Token").orElseThrow(() -> new IllegalStateException(issued.body()));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (controller != null) {
                controller.destroy();
                if (!controller.waitFor(20, TimeUnit.SECONDS)) {
                    controller.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (bed != null) {
                bed.close();
            }
            if (log != null) {
                Files.deleteIfExists(log);
            }
        }
    }

    @Test
    void killingTheControllerAtRandomInstantsLeaksNothing() throws Exception {
        seed = Long.getLong("crashaudit.seed", System.nanoTime());
        System.out.println("crash audit seed: " + seed + " (replay with -Dcrashaudit.seed=" + seed + ")");
        Random random = new Random(seed);
        Instant deadline = Instant.now().plus(TOTAL_LIMIT);
        String image = uploadGuestImage();
        List<String> servers = new ArrayList<>();
        List<String> snapshots = new ArrayList<>();
        List<String> deletesAccepted = new ArrayList<>();

        for (int round = 1; round <= ROUNDS && Instant.now().isBefore(deadline); round++) {
            int delay = random.nextInt(MAX_KILL_DELAY_MS + 1);
            ensureOneRunningAndOneStopped(image, servers);
            List<String> started = new ArrayList<>();
            long t0 = System.nanoTime();
            try {
                startOperations(random, image, servers, snapshots, deletesAccepted, started);
            } catch (IOException killedMidRequest) {
                started.add("(a request failed: " + killedMidRequest.getMessage() + ")");
            }
            long left = delay - (System.nanoTime() - t0) / 1_000_000;
            if (left > 0) {
                Thread.sleep(left);
            }
            controller.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(controller.waitFor(20, TimeUnit.SECONDS)).as("the killed controller exited").isTrue();
            System.out.printf("round %d: %s; SIGKILL after %d ms%n", round, started, delay);
            startController();
            awaitSettled(servers, "round " + round);
            assertAuditClean("round " + round + " (" + started + ", killed after " + delay + " ms)");
            for (String id : deletesAccepted) { // nothing lost: an accepted delete survives the crash
                HttpResponse<String> shown = call("GET", "/compute/v2.1/servers/" + id, null);
                assertThat(shown.statusCode()).as(failure("round " + round + " (" + started + "): server " + id
                        + " was deleted (204) before the kill but is back: " + shown.body())).isEqualTo(404);
            }
            System.out.printf("round %d settled: %s%n", round, statuses());
        }

        // The end: everything deleted, nothing of the servers left on the host.
        for (String id : servers) {
            HttpResponse<String> deleted = call("DELETE", "/compute/v2.1/servers/" + id, null);
            assertThat(deleted.statusCode()).as(failure("delete " + id + ": " + deleted.body())).isIn(204, 404);
        }
        for (String id : servers) {
            ControllerOnTestBed.await("server " + id + " gone (seed " + seed + ")",
                    () -> call("GET", "/compute/v2.1/servers/" + id, null).statusCode() == 404);
        }
        for (String id : snapshots) {
            assertThat(call("DELETE", "/image/v2/images/" + id, null).statusCode()).isIn(204, 404);
        }
        // The base image too: once no server uses it, its cached base leaves the host (the delete asks for a sweep,
        // and every reconcile pass, every 2 s here, sweeps as well).
        assertThat(call("DELETE", "/image/v2/images/" + image, null).statusCode()).isEqualTo(204);
        try (VirtConnection conn = VirtConnection.open(bed.host().localUri())) {
            ControllerOnTestBed.await("the kvmstack pool empty (seed " + seed + ")", () -> {
                conn.storage().refreshPool(HostLayout.POOL_NAME);
                return conn.storage().volumes(HostLayout.POOL_NAME).isEmpty();
            });
        }
        assertAuditClean("after deleting everything");
        try (VirtConnection conn = VirtConnection.open(bed.host().localUri())) {
            assertThat(conn.domains().list()).as(failure("domains left")).extracting(d -> d.name())
                    .noneMatch(n -> n.startsWith("instance-"));
            conn.storage().refreshPool(HostLayout.POOL_NAME);
            assertThat(conn.storage().volumes(HostLayout.POOL_NAME)).as(failure("volumes left")).extracting(v -> v.name())
                    .isEmpty();
            // The spare addresses (pre-reserved for the next servers, docs/network.md) keep their entries; nothing else.
            Jdbi store = Jdbi.create(DatabaseConfig.sqliteIn(bed.dataDir()).jdbcUrl());
            java.util.Set<String> spareMacs = store.withHandle(h -> h.createQuery(
                    "SELECT mac FROM ports WHERE status IN ('SPARE', 'SPARE_PENDING')").mapTo(String.class).list())
                    .stream().map(m -> m.toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
            assertThat(org.kvmstack.virt.xml.network.Network.parse(conn.networks().xml(HostLayout.DEFAULT_NETWORK, false))
                    .ips().stream().flatMap(ip -> ip.dhcpHosts().stream())
                    .map(d -> d.mac() == null ? "-" : d.mac().value().toLowerCase(java.util.Locale.ROOT)).toList())
                    .as(failure("DHCP entries left that are no spare address")).allMatch(spareMacs::contains);
        }
        assertThat(Instant.now()).as("the audit's time bound").isBefore(deadline.plus(Duration.ofMinutes(1)));
    }

    /** Asks for this round's operations; each answers at once (the work runs in the controller). */
    private void startOperations(Random random, String image, List<String> servers, List<String> snapshots,
                                 List<String> deletesAccepted, List<String> started) throws Exception {
        List<JsonNode> live = listServers();
        List<String> active = ids(live, "ACTIVE");
        List<String> shutoff = ids(live, "SHUTOFF");
        int creates = live.size() >= 4 ? 0 : 1 + random.nextInt(2);
        for (int n = 0; n < creates; n++) {
            HttpResponse<String> created = call("POST", "/compute/v2.1/servers", "{\"server\": {\"name\": \"crash-"
                    + servers.size() + "\", \"imageRef\": \"" + image + "\", \"flavorRef\": \"1\"}}");
            started.add("create " + created.statusCode());
            if (created.statusCode() == 202) {
                servers.add(json(created).at("/server/id").asText());
            }
        }
        if (!active.isEmpty() && random.nextBoolean()) {
            String id = pick(random, active);
            HttpResponse<String> snap = action(id, "{\"createImage\": {\"name\": \"crash-snap\"}}");
            started.add("snapshot " + id + " " + snap.statusCode());
            snap.headers().firstValue("Location").ifPresent(l -> snapshots.add(l.replaceAll(".*/", "")));
            active.remove(id);
        }
        if (!shutoff.isEmpty() && random.nextBoolean()) {
            String id = pick(random, shutoff);
            HttpResponse<String> clone = action(id, "{\"kvmstack:clone\": {\"count\": 1, \"name\": \"crash-clone\"}}");
            started.add("clone " + id + " " + clone.statusCode());
            if (clone.statusCode() == 202) {
                json(clone).get("servers").forEach(c -> servers.add(c.get("id").asText()));
            }
            shutoff.remove(id);
        }
        if (!shutoff.isEmpty()) {
            String id = pick(random, shutoff);
            started.add("start " + id + " " + action(id, "{\"os-start\": null}").statusCode());
        }
        if (!active.isEmpty()) {
            String id = pick(random, active);
            started.add("stop " + id + " " + action(id, "{\"os-stop\": null}").statusCode());
            active.remove(id);
        }
        if (live.size() >= 3) {
            String id = pick(random, active.isEmpty() ? ids(live, null) : active);
            int status = call("DELETE", "/compute/v2.1/servers/" + id, null).statusCode();
            started.add("delete " + id + " " + status);
            if (status == 204) {
                deletesAccepted.add(id);
            }
        }
    }

    /**
     * Before the kill window opens: a running and a stopped server to snapshot, clone, stop and start (builds killed
     * in earlier rounds may have left only ERROR servers). Not timed against the kill.
     */
    private void ensureOneRunningAndOneStopped(String image, List<String> servers) throws Exception {
        List<JsonNode> live = listServers();
        List<String> active = ids(live, "ACTIVE");
        if (ids(live, "SHUTOFF").isEmpty()) {
            String id = active.isEmpty() ? createAndAwaitActive(image, servers) : active.remove(0);
            assertThat(action(id, "{\"os-stop\": null}").statusCode()).as(failure("stop " + id)).isEqualTo(202);
            awaitStatus(id, "SHUTOFF");
        }
        if (active.isEmpty()) {
            createAndAwaitActive(image, servers);
        }
    }

    private String createAndAwaitActive(String image, List<String> servers) throws Exception {
        HttpResponse<String> created = call("POST", "/compute/v2.1/servers", "{\"server\": {\"name\": \"crash-"
                + servers.size() + "\", \"imageRef\": \"" + image + "\", \"flavorRef\": \"1\"}}");
        assertThat(created.statusCode()).as(failure(created.body())).isEqualTo(202);
        String id = json(created).at("/server/id").asText();
        servers.add(id);
        awaitStatus(id, "ACTIVE");
        return id;
    }

    private void awaitStatus(String id, String status) throws Exception {
        ControllerOnTestBed.await(failure(id + " " + status), () -> {
            JsonNode s = json(call("GET", "/compute/v2.1/servers/" + id, null)).get("server");
            assertThat(s.get("status").asText()).as(failure("went to ERROR: " + s)).isNotEqualTo("ERROR");
            return status.equals(s.get("status").asText()) && s.path("OS-EXT-STS:task_state").isNull();
        });
    }

    private List<String> statuses() throws Exception {
        List<String> shown = new ArrayList<>();
        for (JsonNode s : listServers()) {
            shown.add(s.get("id").asText().substring(0, 8) + "=" + s.get("status").asText());
        }
        return shown;
    }

    private static String pick(Random random, List<String> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    private static List<String> ids(List<JsonNode> servers, String status) {
        List<String> ids = new ArrayList<>();
        for (JsonNode s : servers) {
            if (status == null || status.equals(s.get("status").asText())) {
                ids.add(s.get("id").asText());
            }
        }
        return ids;
    }

    private List<JsonNode> listServers() throws Exception {
        HttpResponse<String> listed = call("GET", "/compute/v2.1/servers/detail", null);
        assertThat(listed.statusCode()).as(failure(listed.body())).isEqualTo(200);
        List<JsonNode> servers = new ArrayList<>();
        json(listed).get("servers").forEach(servers::add);
        return servers;
    }

    /** Waits until no server has a task (ERROR counts as settled) and no snapshot image is still being written. */
    private void awaitSettled(List<String> known, String when) throws Exception {
        Instant until = Instant.now().plus(SETTLE_LIMIT);
        List<String> busy = List.of();
        while (Instant.now().isBefore(until)) {
            busy = new ArrayList<>();
            for (JsonNode s : listServers()) {
                if (!"ERROR".equals(s.get("status").asText()) && !s.path("OS-EXT-STS:task_state").isNull()) {
                    busy.add(s.get("id").asText() + " " + s.get("status").asText() + "/"
                            + s.path("OS-EXT-STS:task_state").asText());
                }
            }
            if (busy.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(failure(when + ": servers not settled within " + SETTLE_LIMIT + ": " + busy
                + " (of " + known + ")"));
    }

    /**
     * Runs the audit until it is clean, for a short grace (the reconciler runs every 2 s and may be finishing a
     * repair it started); fails with the last violations.
     */
    private void assertAuditClean(String when) throws Exception {
        Jdbi store = Jdbi.create(DatabaseConfig.sqliteIn(bed.dataDir()).jdbcUrl());
        List<String> violations;
        Instant until = Instant.now().plus(AUDIT_GRACE);
        try (VirtConnection conn = VirtConnection.open(bed.host().localUri())) {
            CrashAudit audit = new CrashAudit(store, conn, "lab");
            do {
                violations = audit.violations();
                if (violations.isEmpty()) {
                    return;
                }
                Thread.sleep(1000);
            } while (Instant.now().isBefore(until));
        }
        throw new AssertionError(failure(when + ": " + violations.size() + " violation(s):\n  "
                + String.join("\n  ", violations)));
    }

    private String failure(String what) {
        return "[crash audit seed " + seed + "] " + what;
    }

    private void startController() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashableController.class.getName(), bed.dataDir().toString(), bed.host().localUri(),
                Integer.toString(port))
                .redirectErrorStream(true).start();
        // Read its output on a thread that appends to the log, so that the pipe never fills; wait for LISTENING.
        java.util.concurrent.CountDownLatch listening = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8)); var sink = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    sink.write(line);
                    sink.newLine();
                    sink.flush();
                    if (line.startsWith("LISTENING ")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // the pipe closes when the child is killed: nothing more to copy
            }
        }, "crashaudit-controller-output");
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError(failure("the controller did not start within 120 s; its log: "
                    + Files.readString(log)));
        }
        controller = child;
    }

    private String uploadGuestImage() throws Exception {
        HttpResponse<String> created = call("POST", "/image/v2/images",
                "{\"name\": \"crash-tiny\", \"disk_format\": \"qcow2\", \"container_format\": \"bare\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asText();
        HttpResponse<String> uploaded = send(request(port, "/image/v2/images/" + id + "/file")
                .header("X-Auth-Token", token).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(bed.guestDisk())));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(204);
        return id;
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return send(request(port, path).header("X-Auth-Token", token).header("Content-Type", "application/json")
                .header("OpenStack-API-Version", "compute 2.45")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> action(String id, String body) throws IOException, InterruptedException {
        return call("POST", "/compute/v2.1/servers/" + id + "/action", body);
    }
}
