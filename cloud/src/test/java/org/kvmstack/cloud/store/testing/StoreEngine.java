package org.kvmstack.cloud.store.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.store.Database;

/**
 * One engine a store test runs on. {@link #open()} gives a fresh, migrated, empty store for each
 * call: an SQLite file in a per-run temp directory, or a new database on the run's PostgreSQL.
 */
public final class StoreEngine {
    private final Database.Engine engine;
    private final ExtensionContext.Store store;

    StoreEngine(Database.Engine engine, ExtensionContext.Store store) {
        this.engine = engine;
        this.store = store;
    }

    public Database.Engine engine() {
        return engine;
    }

    /** A new empty store on this engine, with migrations applied; closed when the test run ends. */
    public Database open() {
        Database database = Database.open(config());
        store.put(new Object(), (AutoCloseable) database::close);
        return database;
    }

    /** The configuration of a new empty database on this engine (not yet migrated). */
    public DatabaseConfig config() {
        try {
            if (engine == Database.Engine.SQLITE) {
                Path dir = store.getOrComputeIfAbsent("sqlite-dir", k -> new TempDir(), TempDir.class).path;
                Path file = Files.createTempFile(dir, "store-", ".db");
                Files.delete(file);
                return new DatabaseConfig("jdbc:sqlite:" + file, "", "");
            }
            PostgresServer server = store.getOrComputeIfAbsent("postgres", k -> startPostgres(), PostgresServer.class);
            return new DatabaseConfig(server.newDatabaseUrl(), server.user(), "");
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot prepare a " + engine + " test database: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return engine.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static PostgresServer startPostgres() {
        try {
            return PostgresServer.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the test PostgreSQL", e);
        }
    }

    /** A temp directory removed with the test run. */
    static final class TempDir implements AutoCloseable {
        final Path path;

        TempDir() {
            try {
                path = Files.createTempDirectory("kvmstack-controller-sqlite-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try (var paths = Files.walk(path)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
