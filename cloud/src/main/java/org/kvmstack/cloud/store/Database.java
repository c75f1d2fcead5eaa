package org.kvmstack.cloud.store;

import java.util.Objects;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The controller's relational store: a migrated schema behind a {@link Jdbi}. Open it once at
 * start with {@link #open(DatabaseConfig)}; repositories take the {@link #jdbi()}.
 *
 * <p>The same migrations run on SQLite and PostgreSQL: they are written in the SQL both accept
 * (TEXT/VARCHAR, BIGINT epoch milliseconds for instants, BOOLEAN), so no vendor branch exists.
 */
public final class Database implements AutoCloseable {
    private static final String MIGRATIONS = "classpath:db/migration";
    // PostgreSQL serves many connections well; SQLite has one writer at a time, so a few
    // connections for concurrent readers are all that helps.
    private static final int POSTGRES_POOL_SIZE = 10;
    private static final int SQLITE_POOL_SIZE = 4;

    private final Jdbi jdbi;
    private final Engine engine;
    private final HikariDataSource pool;

    private Database(Jdbi jdbi, Engine engine, HikariDataSource pool) {
        this.jdbi = jdbi;
        this.engine = engine;
        this.pool = pool;
    }

    /** The SQL engine behind a store. */
    public enum Engine { SQLITE, POSTGRESQL }

    /**
     * Connects, applies pending migrations and returns the store.
     *
     * @throws StoreException when the database cannot be reached or a migration fails; the
     *                        message names the URL (never the password)
     */
    public static Database open(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        Engine engine = engineOf(config.jdbcUrl());
        DataSource raw = engine == Engine.SQLITE ? sqlite(config.jdbcUrl()) : postgres(config);
        HikariDataSource dataSource = pool(raw, engine, config.jdbcUrl());
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            dataSource.close();
            // Flyway's message is a multi-line report; its first line says what failed.
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new StoreException("cannot open or migrate the database at " + config.jdbcUrl() + ": " + reason, e);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()), engine, dataSource);
    }

    /** Closes the connection pool; the store is unusable afterwards. */
    @Override
    public void close() {
        pool.close();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Engine engine() {
        return engine;
    }

    static Engine engineOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return Engine.SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Engine.POSTGRESQL;
        }
        throw new StoreException("unsupported JDBC URL " + jdbcUrl + " (use jdbc:sqlite: or jdbc:postgresql:)");
    }

    private static HikariDataSource pool(DataSource raw, Engine engine, String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(raw);
        config.setPoolName("kvmstack-store");
        config.setMaximumPoolSize(engine == Engine.SQLITE ? SQLITE_POOL_SIZE : POSTGRES_POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // Hikari checks one connection at start, so an unreachable database fails here, early.
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new StoreException("cannot connect to the database at " + jdbcUrl + ": " + reason, e);
        }
    }

    private static DataSource sqlite(String jdbcUrl) {
        SQLiteConfig config = new SQLiteConfig();
        // WAL lets readers proceed while one writer commits; busy_timeout makes a second
        // writer wait instead of failing at once with SQLITE_BUSY; foreign keys are off by
        // default in SQLite and our schema relies on them (cascade on delete).
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // Transactions read then write (claims, allocations). A deferred SQLite transaction that
        // read a snapshot cannot upgrade to a writer once another connection committed since
        // (SQLITE_BUSY_SNAPSHOT, which busy_timeout does not wait out): take the write lock at
        // BEGIN so concurrent read-modify-write transactions queue instead of failing.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(jdbcUrl);
        return dataSource;
    }

    private static DataSource postgres(DatabaseConfig config) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(config.jdbcUrl());
        if (!config.user().isEmpty()) {
            dataSource.setUser(config.user());
        }
        if (!config.password().isEmpty()) {
            dataSource.setPassword(config.password());
        }
        return dataSource;
    }
}
