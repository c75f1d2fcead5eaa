package org.kvmstack.cloud.identity;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Repository of projects. */
@RegisterConstructorMapper(Project.class)
public interface Projects {
    String COLUMNS = "p.id, p.domain_id, p.name, p.description, p.enabled";

    @SqlUpdate("INSERT INTO projects (id, domain_id, name, description, enabled, created_at) "
            + "VALUES (:id, :domainId, :name, :description, :enabled, :createdAt)")
    void insert(@BindMethods Project project, @Bind("createdAt") long createdAtMillis);

    @SqlQuery("SELECT " + COLUMNS + " FROM projects p WHERE p.id = :id")
    Optional<Project> byId(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM projects p WHERE p.domain_id = :domainId AND p.name = :name")
    Optional<Project> byName(@Bind("domainId") String domainId, @Bind("name") String name);

    /** Projects on which the user holds at least one role, by name. */
    @SqlQuery("SELECT DISTINCT " + COLUMNS + " FROM projects p JOIN role_assignments a ON a.project_id = p.id "
            + "WHERE a.user_id = :userId ORDER BY p.name")
    List<Project> assignedTo(@Bind("userId") String userId);

    @SqlUpdate("DELETE FROM projects WHERE id = :id")
    int delete(@Bind("id") String id);
}
