package org.kvmstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side at scale: a controller ({@code ./kvmstack serve}, separate process) with 1,000 ACTIVE servers on
 * 10 libvirt test-driver hosts: GET /servers/detail latency, GET /servers/{id} throughput, and the controller's
 * RSS holding them. Servers are seeded into the store (see {@link ServerSeeder}) with their domains running on the
 * test hosts; the controller is restarted on that store, so it serves them as it would after any restart.
 */
public final class ScalePhase {
    private static final Logger LOG = LoggerFactory.getLogger(ScalePhase.class);
    private static final int HOSTS = 10;
    private static final String FLAVOR = "m1.tiny";
    private static final int DETAIL_REQUESTS = 100;
    private static final Duration DETAIL_LIMIT = Duration.ofSeconds(60);

    private final BenchOptions options;

    public ScalePhase(BenchOptions options) {
        this.options = options;
    }

    public List<Figure> run() throws IOException, InterruptedException, TimeoutException, SQLException {
        Path dir = options.workDir().resolve("scale");
        Path data = dir.resolve("data");
        Files.createDirectories(dir);
        List<List<UUID>> servers = ServerSeeder.spread(options.servers(), HOSTS);
        StringBuilder hostsConfig = new StringBuilder();
        long domainKib = 128 * 1024L;
        for (int h = 0; h < HOSTS; h++) {
            long memoryKib = Math.max(64L * 1024 * 1024, servers.get(h).size() * domainKib * 2);
            String uri = new TestDriverHost(64, memoryKib, servers.get(h), domainKib).write(dir.resolve("host" + (h + 1) + ".xml"));
            hostsConfig.append(h == 0 ? "" : ", ").append("bench").append(h + 1).append('=').append(uri);
        }
        Map<String, String> config = Map.of("hosts", hostsConfig.toString());
        Path log = options.workDir().resolve("scale.log");

        // First start: migrations, admin bootstrap, default flavors, host registration. Then seed while it is down.
        try (ControllerProcess first = ControllerProcess.start(options.repo(), data, config, log)) {
            LOG.info("scale controller prepared in {} ms", Report.number(first.startMillis()));
        }
        ServerSeeder seeder = new ServerSeeder("jdbc:sqlite:" + data.resolve("kvmstack.db"));
        Map<String, String> hostIds = seeder.hostIds();
        if (hostIds.size() != HOSTS) {
            throw new IOException("the controller registered " + hostIds.size() + " of " + HOSTS + " test hosts: " + hostIds.keySet());
        }
        Map<String, List<UUID>> byHost = new LinkedHashMap<>();
        for (int h = 0; h < HOSTS; h++) {
            byHost.put(hostIds.get("bench" + (h + 1)), servers.get(h));
        }
        seeder.seed(byHost, FLAVOR);
        List<String> ids = servers.stream().flatMap(List::stream).map(UUID::toString).toList();

        try (ControllerProcess controller = ControllerProcess.start(options.repo(), data, config, log)) {
            ApiClient api = new ApiClient(controller.baseUrl());
            api.login(controller.adminPassword());
            JsonNode detail = api.getJson("/compute/v2.1/servers/detail", 200);
            int listed = detail.path("servers").size();
            long active = 0;
            for (JsonNode s : detail.path("servers")) {
                active += s.path("status").asText().equals("ACTIVE") ? 1 : 0;
            }
            LOG.info("GET /servers/detail lists {} servers, {} ACTIVE", listed, active);
            if (listed != ids.size()) {
                throw new IOException("GET /servers/detail lists " + listed + " servers, expected " + ids.size());
            }
            IntFunction<HttpRequest> detailRequest = i -> api.request("/compute/v2.1/servers/detail").GET().build();
            IntFunction<HttpRequest> showRequest = i -> api.request("/compute/v2.1/servers/" + ids.get(Math.floorMod(i * 31, ids.size()))).GET().build();
            HttpLoad.sequential(api.http(), detailRequest, 200, 5, DETAIL_LIMIT); // warm-up
            HttpLoad.Result detailLatency = HttpLoad.sequential(api.http(), detailRequest, 200, DETAIL_REQUESTS, DETAIL_LIMIT);
            HttpLoad.sequential(api.http(), showRequest, 200, 500, Duration.ofSeconds(20)); // warm-up
            HttpLoad.Result show = HttpLoad.run(api.http(), showRequest, 200, options.threads(), options.loadSeconds());
            double rssMb = controller.rssKib() / 1024.0;
            LOG.info("detail p50 {} ms, GET server {} req/s, RSS {} MB", Report.number(detailLatency.latenciesMs().median()),
                    Report.number(show.perSecond()), Report.number(rssMb));

            String how = ids.size() + " ACTIVE servers (" + active + " ACTIVE as listed) on " + HOSTS
                    + " test:/// hosts, seeded into the store with their domains running on the hosts (how and why: docs/bench.md)";
            List<Figure> figures = new ArrayList<>();
            figures.add(new Figure("servers_detail_p50_ms", "GET /servers/detail p50 (" + ids.size() + " servers)", "ms",
                    detailLatency.latenciesMs().median(), null, List.of(), how + "; " + detailLatency.ok()
                    + " sequential requests, " + detailLatency.failed() + " failed"));
            figures.add(new Figure("servers_detail_p99_ms", "GET /servers/detail p99 (" + ids.size() + " servers)", "ms",
                    detailLatency.latenciesMs().percentile(99), null, List.of(), ""));
            figures.add(new Figure("server_show_rps", "GET /servers/{id} throughput", "req/s", show.perSecond(), null,
                    List.of(new Target.AtLeast(1000, "req/s")), options.threads() + " client threads on the same 2 cores, "
                    + Report.number(show.seconds()) + " s, " + show.ok() + " ok, " + show.failed() + " failed; p50 "
                    + Report.number(show.latenciesMs().median()) + " ms, p99 " + Report.number(show.latenciesMs().percentile(99)) + " ms"));
            figures.add(new Figure("controller_rss_1000_mb", "controller RSS with " + ids.size() + " servers", "MB", rssMb,
                    null, List.of(), "VmRSS after the detail and throughput runs"));
            return figures;
        }
    }
}
