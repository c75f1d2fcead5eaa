package org.kvmstack.cloud.network;

import java.sql.SQLException;

/** Recognises a unique-constraint violation of either store engine in an exception chain. */
final class UniqueViolations {
    private static final String POSTGRES_UNIQUE = "23505";
    private static final int SQLITE_CONSTRAINT = 19;

    private UniqueViolations() {}

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (POSTGRES_UNIQUE.equals(sql.getSQLState())) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage());
                // SQLite reports the primary result code 19 for all constraints; the text tells which kind.
                if (sql.getErrorCode() == SQLITE_CONSTRAINT
                        && (message.contains("UNIQUE constraint failed") || message.contains("PRIMARYKEY"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
