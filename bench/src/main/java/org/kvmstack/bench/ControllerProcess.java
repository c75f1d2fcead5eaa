package org.kvmstack.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A controller started the way an operator starts it — {@code ./kvmstack serve} as a separate process, its own
 * data directory and a free loopback port — so that its start time and memory are the real process's. Stopped
 * with SIGTERM (its graceful path), SIGKILL after a bounded wait.
 */
public final class ControllerProcess implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(20);

    private final Process process;
    private final String baseUrl;
    private final double startMillis;
    private final Path dataDir;

    private ControllerProcess(Process process, String baseUrl, double startMillis, Path dataDir) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.startMillis = startMillis;
        this.dataDir = dataDir;
    }

    /**
     * Starts {@code <repo>/kvmstack serve} and waits for the first 200 on {@code GET /identity/v3}.
     *
     * @param extraConfig configuration keys (as in kvmstack.conf) written to a config file passed with --config
     * @param log         the controller's stdout and stderr
     * @throws TimeoutException when it does not answer within two minutes (it is then stopped)
     * @throws IOException      when it exits before answering
     */
    public static ControllerProcess start(Path repo, Path dataDir, Map<String, String> extraConfig, Path log)
            throws IOException, InterruptedException, TimeoutException {
        int port = freePort();
        Files.createDirectories(dataDir);
        Path conf = dataDir.resolveSibling(dataDir.getFileName() + ".conf");
        StringBuilder lines = new StringBuilder();
        extraConfig.forEach((k, v) -> lines.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(conf, lines);
        ProcessBuilder builder = new ProcessBuilder(List.of(repo.resolve("kvmstack").toString(), "serve",
                "--config", conf.toString(), "--data-dir", dataDir.toString(), "--bind", "127.0.0.1",
                "--port", Integer.toString(port)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        String baseUrl = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl + "/identity/v3")).timeout(Duration.ofSeconds(2)).GET().build();
        // ./kvmstack rebuilds when sources are newer than its jar; a start that includes a build measures Maven.
        Path jar = repo.resolve("cli/target/kvmstack-cli.jar");
        long jarBefore = Files.exists(jar) ? Files.getLastModifiedTime(jar).toMillis() : -1;
        long t0 = System.nanoTime();
        Process process = builder.start();
        long deadline = t0 + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("kvmstack serve exited with " + process.exitValue() + " before answering; see " + log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    double millis = (System.nanoTime() - t0) / 1e6;
                    if (jarBefore != (Files.exists(jar) ? Files.getLastModifiedTime(jar).toMillis() : -1)) {
                        stop(process);
                        throw new IOException("./kvmstack rebuilt the project while starting (sources changed during"
                                + " the run), so its start time is a build time; run bench/run again without editing");
                    }
                    return new ControllerProcess(process, baseUrl, millis, dataDir);
                }
            } catch (IOException notYet) {
                // connection refused until the port is bound: keep polling
            }
            Thread.sleep(10);
        }
        stop(process);
        throw new TimeoutException("kvmstack serve did not answer GET /identity/v3 within " + START_LIMIT + "; see " + log);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Process start to the first 200 on {@code GET /identity/v3}, in milliseconds. */
    public double startMillis() {
        return startMillis;
    }

    public long pid() {
        return process.pid();
    }

    public long rssKib() throws IOException {
        return ProcStatus.rssKib(process.pid());
    }

    /** The admin password the bootstrap wrote into the data directory. */
    public String adminPassword() throws IOException {
        return Files.readString(dataDir.resolve("admin-password")).trim();
    }

    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
