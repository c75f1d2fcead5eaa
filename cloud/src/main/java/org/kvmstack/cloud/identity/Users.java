package org.kvmstack.cloud.identity;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Repository of users and their password hashes. */
@RegisterConstructorMapper(User.class)
public interface Users {
    String COLUMNS = "id, domain_id, name, enabled, default_project_id";

    @SqlUpdate("INSERT INTO users (id, domain_id, name, password_hash, enabled, default_project_id, created_at) "
            + "VALUES (:id, :domainId, :name, :passwordHash, :enabled, :defaultProjectId, :createdAt)")
    void insert(@BindMethods User user, @Bind("passwordHash") String passwordHash, @Bind("createdAt") long createdAtMillis);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
    Optional<User> byId(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE domain_id = :domainId AND name = :name")
    Optional<User> byName(@Bind("domainId") String domainId, @Bind("name") String name);

    @SqlQuery("SELECT password_hash FROM users WHERE id = :id")
    Optional<String> passwordHash(@Bind("id") String id);

    @SqlUpdate("UPDATE users SET password_hash = :passwordHash WHERE id = :id")
    int setPasswordHash(@Bind("id") String id, @Bind("passwordHash") String passwordHash);
}
