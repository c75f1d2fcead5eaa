package org.kvmstack.cloud.identity;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Repository of roles and role assignments (user × project × role). */
@RegisterConstructorMapper(Role.class)
public interface Roles {
    @SqlUpdate("INSERT INTO roles (id, name) VALUES (:id, :name)")
    void insert(@BindMethods Role role);

    @SqlQuery("SELECT id, name FROM roles WHERE name = :name")
    Optional<Role> byName(@Bind("name") String name);

    @SqlQuery("SELECT id, name FROM roles ORDER BY name")
    List<Role> all();

    @SqlUpdate("INSERT INTO role_assignments (user_id, project_id, role_id) VALUES (:userId, :projectId, :roleId)")
    void assign(@Bind("userId") String userId, @Bind("projectId") String projectId, @Bind("roleId") String roleId);

    @SqlQuery("SELECT r.id, r.name FROM roles r JOIN role_assignments a ON a.role_id = r.id "
            + "WHERE a.user_id = :userId AND a.project_id = :projectId ORDER BY r.name")
    List<Role> assignedOn(@Bind("userId") String userId, @Bind("projectId") String projectId);
}
