package org.kvmstack.cloud.store;

import java.util.Objects;
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
public final class Database {
    private static final String MIGRATIONS = "classpath:db/migration";

    private final Jdbi jdbi;
    private final Engine engine;

    private Database(Jdbi jdbi, Engine engine) {
        this.jdbi = jdbi;
        this.engine = engine;
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
        DataSource dataSource = engine == Engine.SQLITE ? sqlite(config.jdbcUrl()) : postgres(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            // Flyway's message is a multi-line report; its first line says what failed.
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new StoreException("cannot open or migrate the database at " + config.jdbcUrl() + ": " + reason, e);
        }
        return new Database(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()), engine);
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

    private static DataSource sqlite(String jdbcUrl) {
        SQLiteConfig config = new SQLiteConfig();
        // WAL lets readers proceed while one writer commits; busy_timeout makes a second
        // writer wait instead of failing at once with SQLITE_BUSY; foreign keys are off by
        // default in SQLite and our schema relies on them (cascade on delete).
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
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
