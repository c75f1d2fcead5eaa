package org.kvmstack.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh controller with no hosts: how long {@code kvmstack serve} takes to answer, how much memory it holds idle,
 * and — only when the build has no servers API, as a clearly labelled stand-in — how fast it serves an authenticated read of
 * the identity API (token validation: auth filter, store read, JSON body, the same path a GET server takes).
 */
public final class IdleControllerPhase {
    private static final Logger LOG = LoggerFactory.getLogger(IdleControllerPhase.class);
    /** Let start-up garbage and JIT threads settle before reading the idle figure. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    /** What the phase found. */
    public record Outcome(List<Figure> figures, boolean computeAvailable) {
    }

    private final BenchOptions options;

    public IdleControllerPhase(BenchOptions options) {
        this.options = options;
    }

    public Outcome run() throws IOException, InterruptedException, TimeoutException {
        List<Figure> figures = new ArrayList<>();
        boolean compute;
        try (ControllerProcess controller = ControllerProcess.start(options.repo(), options.workDir().resolve("idle"),
                Map.of(), options.workDir().resolve("idle.log"))) {
            figures.add(new Figure("controller_start_ms", "controller start (process → first 200 on GET /identity/v3)",
                    "ms", controller.startMillis(), null, List.of(),
                    "./kvmstack serve on an empty data directory (SQLite, includes migrations and the bcrypt admin bootstrap)"));
            Thread.sleep(SETTLE.toMillis());
            double idleMb = controller.rssKib() / 1024.0;
            figures.add(new Figure("controller_rss_idle_mb", "controller RSS, idle", "MB", idleMb, null,
                    List.of(new Target.AtMost(300, "MB")), "VmRSS of the kvmstack serve process " + SETTLE.toSeconds()
                    + " s after its first answer, no hosts"));
            LOG.info("controller started in {} ms, idle RSS {} MB", Report.number(controller.startMillis()), Report.number(idleMb));

            ApiClient api = new ApiClient(controller.baseUrl());
            api.login(controller.adminPassword());
            compute = api.get("/compute/v2.1/servers").statusCode() == 200;
            LOG.info("compute API {}", compute ? "present" : "absent (GET /compute/v2.1/servers is not 200)");

            if (!compute) {
                figures.addAll(identityStandIn(api));
            }
        }
        return new Outcome(figures, compute);
    }

    private List<Figure> identityStandIn(ApiClient api) throws InterruptedException {
        List<Figure> figures = new ArrayList<>();
        String token = api.token();
        java.util.function.IntFunction<HttpRequest> validate = i -> api.request("/identity/v3/auth/tokens")
                .header("X-Subject-Token", token).GET().build();
        HttpLoad.sequential(api.http(), validate, 200, 200, Duration.ofSeconds(20)); // warm-up (JIT, pool)
        HttpLoad.Result latency = HttpLoad.sequential(api.http(), validate, 200, 1000, Duration.ofSeconds(20));
        HttpLoad.Result load = HttpLoad.run(api.http(), validate, 200, options.threads(), options.loadSeconds());
        figures.add(new Figure("standin_token_validate_p50_ms", "STAND-IN GET /identity/v3/auth/tokens p50", "ms",
                latency.latenciesMs().median(), null, List.of(), "stand-in for GET /servers latency: "
                + latency.ok() + " sequential requests, " + latency.failed() + " failed"));
        figures.add(new Figure("standin_token_validate_p99_ms", "STAND-IN GET /identity/v3/auth/tokens p99", "ms",
                latency.latenciesMs().percentile(99), null, List.of(), ""));
        figures.add(new Figure("standin_token_validate_rps", "STAND-IN GET /identity/v3/auth/tokens throughput",
                "req/s", load.perSecond(), null, List.of(new Target.AtLeast(1000, "req/s")),
                "stand-in for GET /servers/{id} throughput (same target): " + options.threads() + " client threads, "
                        + Report.number(load.seconds()) + " s, " + load.ok() + " ok, " + load.failed() + " failed"));
        LOG.info("identity stand-in: p50 {} ms, {} req/s", Report.number(latency.latenciesMs().median()),
                Report.number(load.perSecond()));
        return figures;
    }
}
