package org.kvmstack.cloud.identity;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Repository of domains. */
@RegisterConstructorMapper(Domain.class)
public interface Domains {
    @SqlUpdate("INSERT INTO domains (id, name, enabled) VALUES (:id, :name, :enabled)")
    void insert(@BindMethods Domain domain);

    @SqlQuery("SELECT id, name, enabled FROM domains WHERE id = :id")
    Optional<Domain> byId(@Bind("id") String id);

    @SqlQuery("SELECT id, name, enabled FROM domains WHERE name = :name")
    Optional<Domain> byName(@Bind("name") String name);
}
