package org.kvmstack.cloud.identity;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Repository of issued tokens, keyed by the hash of the token value. */
@RegisterConstructorMapper(StoredToken.class)
public interface Tokens {
    @SqlUpdate("INSERT INTO tokens (token_hash, audit_id, user_id, project_id, methods, issued_at, expires_at, revoked) "
            + "VALUES (:tokenHash, :auditId, :userId, :projectId, :methods, :issuedAt, :expiresAt, :revoked)")
    void insert(@BindMethods StoredToken token);

    @SqlQuery("SELECT token_hash, audit_id, user_id, project_id, methods, issued_at, expires_at, revoked "
            + "FROM tokens WHERE token_hash = :tokenHash")
    Optional<StoredToken> byHash(@Bind("tokenHash") String tokenHash);

    @SqlUpdate("UPDATE tokens SET revoked = TRUE WHERE token_hash = :tokenHash")
    int revoke(@Bind("tokenHash") String tokenHash);

    /**
     * Removes at most {@code limit} tokens that expired before the given instant (they can never validate again),
     * found through the expires_at index. The subquery bounds the batch on SQLite and PostgreSQL alike, where
     * {@code DELETE ... LIMIT} is not portable.
     */
    @SqlUpdate("DELETE FROM tokens WHERE token_hash IN "
            + "(SELECT token_hash FROM tokens WHERE expires_at < :before ORDER BY expires_at LIMIT :limit)")
    int deleteExpiredBefore(@Bind("before") long epochMillis, @Bind("limit") int limit);
}
