package org.kvmstack.cloud.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where state is stored: a JDBC URL plus optional credentials. Embedded SQLite in the data
 * directory is the default; PostgreSQL is chosen by giving a {@code jdbc:postgresql:} URL.
 *
 * @param jdbcUrl  {@code jdbc:sqlite:/path/file.db} or {@code jdbc:postgresql://host:port/db}
 * @param user     database user, empty when the URL or the engine needs none
 * @param password database password, empty when none; never logged ({@link #toString()} hides it)
 */
public record DatabaseConfig(String jdbcUrl, String user, String password) {

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The default store: an SQLite file {@code kvmstack.db} in the data directory. */
    public static DatabaseConfig sqliteIn(Path dataDir) {
        return new DatabaseConfig("jdbc:sqlite:" + dataDir.resolve("kvmstack.db").toAbsolutePath(), "", "");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + "]";
    }
}
