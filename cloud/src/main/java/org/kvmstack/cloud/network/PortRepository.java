package org.kvmstack.cloud.network;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Ports as stored. Uniqueness of MAC, of IP per network and of (instance, index) is the schema's job. */
@RegisterConstructorMapper(PortRow.class)
interface PortRepository {
    String COLUMNS = "id, instance_id, port_index, network_id, subnet_id, mac, ip, status, created_at";

    /** Fails with a unique violation when the MAC, the IP in the network or (instance, index) is taken. */
    @SqlUpdate("INSERT INTO ports (" + COLUMNS + ") VALUES (:id, :instanceId, :portIndex, :networkId, :subnetId, "
            + ":mac, :ip, :status, :createdAt)")
    void insert(@BindMethods PortRow port);

    @SqlQuery("SELECT " + COLUMNS + " FROM ports WHERE instance_id = :instanceId AND port_index = :index")
    Optional<PortRow> byInstanceAndIndex(@Bind("instanceId") String instanceId, @Bind("index") int index);

    @SqlQuery("SELECT " + COLUMNS + " FROM ports WHERE id = :id")
    Optional<PortRow> byId(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM ports WHERE instance_id = :instanceId ORDER BY port_index")
    List<PortRow> byInstance(@Bind("instanceId") String instanceId);

    @SqlQuery("SELECT " + COLUMNS + " FROM ports WHERE status = :status ORDER BY created_at, id")
    List<PortRow> byStatus(@Bind("status") PortStatus status);

    @SqlQuery("SELECT ip FROM ports WHERE network_id = :networkId")
    List<String> ipsIn(@Bind("networkId") String networkId);

    @SqlQuery("SELECT " + COLUMNS + " FROM ports WHERE network_id = :networkId AND status <> 'RELEASING' ORDER BY ip")
    List<PortRow> liveIn(@Bind("networkId") String networkId);

    @SqlUpdate("UPDATE ports SET status = :status WHERE id = :id")
    int setStatus(@Bind("id") String id, @Bind("status") PortStatus status);

    @SqlUpdate("DELETE FROM ports WHERE id = :id")
    int delete(@Bind("id") String id);
}
