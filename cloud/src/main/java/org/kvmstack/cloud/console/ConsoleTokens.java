package org.kvmstack.cloud.console;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Repository of console tokens, keyed by the SHA-256 of the token value. */
@RegisterConstructorMapper(StoredConsoleToken.class)
public interface ConsoleTokens {
    @SqlUpdate("INSERT INTO console_tokens (token_hash, instance_id, project_id, console_type, issued_at, expires_at) "
            + "VALUES (:tokenHash, :instanceId, :projectId, :consoleType, :issuedAt, :expiresAt)")
    void insert(@BindMethods StoredConsoleToken token);

    /**
     * Deletes the row and returns it in one statement ({@code DELETE … RETURNING}, SQLite ≥ 3.35 and PostgreSQL):
     * of two concurrent consumers exactly one gets the row, which is what makes a token single-use.
     */
    @SqlQuery("DELETE FROM console_tokens WHERE token_hash = :tokenHash "
            + "RETURNING token_hash, instance_id, project_id, console_type, issued_at, expires_at")
    Optional<StoredConsoleToken> take(@Bind("tokenHash") String tokenHash);

    @SqlQuery("SELECT token_hash, instance_id, project_id, console_type, issued_at, expires_at "
            + "FROM console_tokens WHERE token_hash = :tokenHash")
    Optional<StoredConsoleToken> byHash(@Bind("tokenHash") String tokenHash);

    @SqlQuery("SELECT COUNT(*) FROM console_tokens")
    long count();

    /**
     * Removes at most {@code limit} tokens whose time has passed (expiry at or before {@code now}, as
     * {@link ConsoleTokenService#consume} refuses them), found through the expires_at index. The subquery bounds the
     * batch on SQLite and PostgreSQL alike, where {@code DELETE ... LIMIT} is not portable.
     */
    @SqlUpdate("DELETE FROM console_tokens WHERE token_hash IN "
            + "(SELECT token_hash FROM console_tokens WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit)")
    int deleteExpired(@Bind("now") long epochMillis, @Bind("limit") int limit);
}
