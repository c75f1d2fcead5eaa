package org.kvmstack.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;

class DatabaseTest {

    @StoreTest
    void migratesAnEmptyDatabaseAndIsIdempotentOnReopen(StoreEngine engine) {
        DatabaseConfig config = engine.config();
        try (Database first = Database.open(config)) {
            assertThat(first.engine()).isEqualTo(engine.engine());
            first.jdbi().useHandle(h -> h.execute("INSERT INTO domains (id, name) VALUES ('d1', 'One')"));
        }
        try (Database again = Database.open(config)) {
            int domains = again.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM domains").mapTo(Integer.class).one());
            assertThat(domains).isEqualTo(1);
            // Each slice adds its own migrations (V10, V20, ...): check V1 applied once, not that it is the last.
            int applied = again.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND success = TRUE")
                    .mapTo(Integer.class).one());
            assertThat(applied).isEqualTo(1);
        }
    }

    /**
     * SQLite only: a deferred transaction that read before another writer committed fails with
     * SQLITE_BUSY_SNAPSHOT when it tries to write. (PostgreSQL at READ COMMITTED never fails this
     * way; there, read-modify-write needs row locks, which the scheduler's claim takes in-process.)
     */
    @StoreTest
    void concurrentReadModifyWriteTransactionsQueueInsteadOfFailing(StoreEngine engine) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(engine.engine() == Database.Engine.SQLITE, "SQLite locking");
        Database db = engine.open();
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE claim_counter (n INTEGER NOT NULL)"));
        db.jdbi().useHandle(h -> h.execute("INSERT INTO claim_counter (n) VALUES (0)"));
        int threads = 6;
        int rounds = 10;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        // read, pause so another writer commits in between, then write: the shape of a claim
                        db.jdbi().useTransaction(h -> {
                            int n = h.createQuery("SELECT n FROM claim_counter").mapTo(Integer.class).one();
                            Thread.sleep(2);
                            h.createUpdate("UPDATE claim_counter SET n = :n").bind("n", n + 1).execute();
                        });
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int n = db.jdbi().withHandle(h -> h.createQuery("SELECT n FROM claim_counter").mapTo(Integer.class).one());
        assertThat(n).as("no lost update and no failed transaction").isEqualTo(threads * rounds);
    }

    @StoreTest
    void enforcesForeignKeys(StoreEngine engine) {
        Database db = engine.open();
        assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO projects (id, domain_id, name, created_at) VALUES ('p1', 'no-such-domain', 'x', 0)")))
                .isInstanceOf(UnableToExecuteStatementException.class);
    }

    @StoreTest
    void cascadesRoleAssignmentsWhenAProjectIsDeleted(StoreEngine engine) {
        Database db = engine.open();
        db.jdbi().useHandle(h -> {
            h.execute("INSERT INTO domains (id, name) VALUES ('d', 'D')");
            h.execute("INSERT INTO projects (id, domain_id, name, created_at) VALUES ('p', 'd', 'P', 0)");
            h.execute("INSERT INTO users (id, domain_id, name, password_hash, created_at) VALUES ('u', 'd', 'U', 'x', 0)");
            h.execute("INSERT INTO roles (id, name) VALUES ('r', 'member')");
            h.execute("INSERT INTO role_assignments (user_id, project_id, role_id) VALUES ('u', 'p', 'r')");
            h.execute("DELETE FROM projects WHERE id = 'p'");
        });
        int left = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM role_assignments").mapTo(Integer.class).one());
        assertThat(left).isZero();
    }

    @org.junit.jupiter.api.Test
    void sqliteRunsInWalMode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (Database db = Database.open(DatabaseConfig.sqliteIn(dir))) {
            assertWalAndForeignKeys(db);
        }
        assertThat(dir.resolve("kvmstack.db")).exists();
    }

    private static void assertWalAndForeignKeys(Database db) {
        String mode = db.jdbi().withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
        int foreignKeys = db.jdbi().withHandle(h -> h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one());
        assertThat(mode).isEqualToIgnoringCase("wal");
        assertThat(foreignKeys).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void rejectsUnsupportedUrls() {
        assertThatThrownBy(() -> Database.open(new DatabaseConfig("jdbc:mysql://x/y", "", "")))
                .isInstanceOf(StoreException.class).hasMessageContaining("jdbc:sqlite:");
    }

    @org.junit.jupiter.api.Test
    void anUnreachableDatabaseFailsAtOpenWithItsUrl() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/kvmstack";
        assertThatThrownBy(() -> Database.open(new DatabaseConfig(url, "kvmstack", "")))
                .isInstanceOf(StoreException.class).hasMessageContaining(url);
    }
}
