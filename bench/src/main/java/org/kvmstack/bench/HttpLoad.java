package org.kvmstack.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Closed-loop HTTP load: {@code threads} clients each send a request, wait for the answer, send the next, for a
 * fixed time. The client runs on the same 2 cores as the controller, so the figure is what the controller serves
 * while sharing the machine with its callers (a conservative figure).
 */
public final class HttpLoad {
    /** @param ok answers with the expected status; @param failed others (and I/O errors) */
    public record Result(long ok, long failed, double seconds, Samples latenciesMs) {
        public double perSecond() {
            return ok / seconds;
        }
    }

    private HttpLoad() {
    }

    /**
     * @param requests request for the i-th call of a thread (e.g. rotating over server ids)
     * @param expected the status that counts as served
     */
    public static Result run(HttpClient http, IntFunction<HttpRequest> requests, int expected, int threads, Duration duration)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Samples latencies = new Samples();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 7919;
            clients.add(pool.submit(() -> {
                Samples mine = new Samples();
                for (int i = offset; System.nanoTime() < end; i++) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(requests.apply(i), HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == expected) {
                            ok.incrementAndGet();
                            mine.add((System.nanoTime() - start) / 1e6);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                latencies.addAll(mine);
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(ok.get(), failed.get(), seconds, latencies);
    }

    /** {@code count} requests one after the other (no concurrency): the latency a single caller sees. */
    public static Result sequential(HttpClient http, IntFunction<HttpRequest> requests, int expected, int count,
                                    Duration limit) throws InterruptedException {
        long ok = 0;
        long failed = 0;
        Samples latencies = new Samples();
        long t0 = System.nanoTime();
        long end = t0 + limit.toNanos();
        for (int i = 0; i < count && System.nanoTime() < end; i++) {
            long start = System.nanoTime();
            try {
                HttpResponse<Void> response = http.send(requests.apply(i), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == expected) {
                    ok++;
                    latencies.add((System.nanoTime() - start) / 1e6);
                } else {
                    failed++;
                }
            } catch (IOException e) {
                failed++;
            }
        }
        return new Result(ok, failed, (System.nanoTime() - t0) / 1e9, latencies);
    }
}
