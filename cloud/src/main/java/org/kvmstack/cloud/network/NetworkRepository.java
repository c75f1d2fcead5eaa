package org.kvmstack.cloud.network;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Networks and subnets as stored. */
@RegisterConstructorMapper(NetworkRow.class)
@RegisterConstructorMapper(SubnetRow.class)
interface NetworkRepository {
    String NETWORK_COLUMNS = "id, name, host_id, host_name, host_uri, libvirt_network, bridge, created_at";
    String SUBNET_COLUMNS = "id, network_id, cidr, gateway_ip, allocation_start, allocation_end, dns_servers, created_at";

    @SqlUpdate("INSERT INTO networks (" + NETWORK_COLUMNS + ") "
            + "VALUES (:id, :name, :hostId, :hostName, :hostUri, :libvirtNetwork, :bridge, :createdAt)")
    void insertNetwork(@BindMethods NetworkRow network);

    @SqlUpdate("INSERT INTO subnets (" + SUBNET_COLUMNS + ") VALUES (:id, :networkId, :cidr, :gatewayIp, "
            + ":allocationStart, :allocationEnd, :dnsServers, :createdAt)")
    void insertSubnet(@BindMethods SubnetRow subnet);

    @SqlQuery("SELECT " + NETWORK_COLUMNS + " FROM networks WHERE host_id = :hostId AND libvirt_network = :libvirtNetwork")
    Optional<NetworkRow> networkOf(@Bind("hostId") String hostId, @Bind("libvirtNetwork") String libvirtNetwork);

    @SqlQuery("SELECT " + NETWORK_COLUMNS + " FROM networks WHERE id = :id")
    Optional<NetworkRow> network(@Bind("id") String id);

    @SqlQuery("SELECT " + NETWORK_COLUMNS + " FROM networks ORDER BY created_at, id")
    List<NetworkRow> networks();

    @SqlQuery("SELECT " + SUBNET_COLUMNS + " FROM subnets WHERE network_id = :networkId ORDER BY created_at, id")
    List<SubnetRow> subnetsOf(@Bind("networkId") String networkId);

    @SqlQuery("SELECT " + SUBNET_COLUMNS + " FROM subnets WHERE id = :id")
    Optional<SubnetRow> subnet(@Bind("id") String id);
}
