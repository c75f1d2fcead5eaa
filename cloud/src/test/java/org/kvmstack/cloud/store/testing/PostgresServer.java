package org.kvmstack.cloud.store.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests, from the distribution's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}): initdb into a temp directory, listen on 127.0.0.1
 * on a free port only, stopped by its own pid file ({@code pg_ctl stop}) and removed on
 * {@link #close()}. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres}
 * OS user through {@code runuser}.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String SUPERUSER = "kvmstack";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path binDir;
    private final Path root;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path binDir, Path root, int port) {
        this.binDir = binDir;
        this.root = root;
        this.port = port;
    }

    /** Where the PostgreSQL server binaries are, if installed. */
    public static Optional<Path> findBinaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Initialises and starts a server; fails with a message saying what to install when binaries are missing. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBinaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; the store tests run on PostgreSQL too:"
                        + " install them with KVMSTACK_WITH_TEST_TOOLS=1 scripts/install-deps.sh (Debian package postgresql)"));
        Path root = Files.createTempDirectory("kvmstack-controller-pg-");
        int port = freePort();
        PostgresServer server = new PostgresServer(bin, root, port);
        try {
            if (isRoot()) {
                server.run(List.of("chown", "postgres:postgres", root.toString()), false);
            }
            server.run(List.of(bin.resolve("initdb").toString(), "-D", server.dataDir().toString(), "-U", SUPERUSER,
                    "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"), true);
            server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", server.dataDir().toString(), "-w", "-t", "60",
                    "-l", root.resolve("server.log").toString(), "-o",
                    // Every store a test run opens stays open (with its pooled connections) until the run ends,
                    // so the run needs more than PostgreSQL's default 100 connections.
                    "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
                            + " -c max_connections=500",
                    "start"), true);
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A JDBC URL to a new, empty database on this server; each call isolates one test. */
    public String newDatabaseUrl() throws SQLException {
        String name = "test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String user() {
        return SUPERUSER;
    }

    @Override
    public void close() {
        try {
            if (Files.exists(dataDir().resolve("postmaster.pid"))) {
                run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "60", "stop"), true);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not stop the test PostgreSQL in " + root + ": " + e.getMessage(), e);
        } finally {
            deleteTree(root);
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private Path dataDir() {
        return root.resolve("data");
    }

    private void run(List<String> command, boolean asPostgresUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser && isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = root.resolve("command.log");
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", full));
        }
        if (process.exitValue() != 0) {
            throw new IOException("failed (exit " + process.exitValue() + "): " + String.join(" ", full) + "\n" + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not remove " + dir + ": " + e.getMessage(), e);
        }
    }

}
