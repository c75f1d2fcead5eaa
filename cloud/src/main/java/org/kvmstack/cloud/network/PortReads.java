package org.kvmstack.cloud.network;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The live ports of many instances in one statement per chunk, each with its network's and subnet's fields
 * joined in: what showing servers needs. Plain JDBC on purpose: this runs on every GET of a server, and
 * per-statement mapping overhead (not the database) dominated that path's profile.
 */
final class PortReads {
    // Below SQLite's historical limit of 999 host parameters, and keeps PostgreSQL's plans small.
    private static final int CHUNK = 500;
    private static final String SELECT = "SELECT p.id, p.instance_id, p.mac, p.ip, n.libvirt_network, s.cidr, "
            + "s.gateway_ip, s.dns_servers, n.bridge FROM ports p JOIN networks n ON n.id = p.network_id "
            + "JOIN subnets s ON s.id = p.subnet_id WHERE p.status <> 'RELEASING' AND p.instance_id ";
    private static final String ORDER = " ORDER BY p.instance_id, p.port_index";
    private static final String ONE = SELECT + "= ?" + ORDER;

    private PortReads() {}

    /**
     * Ports by instance id, each list in NIC index order; releasing ports are left out, and an instance without
     * ports has no key.
     */
    static Map<UUID, List<Port>> liveByInstance(Connection c, Collection<UUID> instanceIds) throws SQLException {
        if (instanceIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<Port>> byInstance = new HashMap<>();
        // Subnets are shared by many ports: parse each one's prefix and DNS list once.
        Map<SubnetColumns, SubnetFields> subnets = new HashMap<>();
        List<UUID> ids = new ArrayList<>(instanceIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String sql = chunk.size() == 1 ? ONE
                    : SELECT + "IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")" + ORDER;
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (int k = 0; k < chunk.size(); k++) {
                    st.setString(k + 1, chunk.get(k).toString());
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        UUID instance = UUID.fromString(rs.getString(2));
                        SubnetFields subnet = subnets.computeIfAbsent(
                                new SubnetColumns(rs.getString(6), rs.getString(7), rs.getString(8)), SubnetColumns::parse);
                        byInstance.computeIfAbsent(instance, k -> new ArrayList<>()).add(new Port(
                                UUID.fromString(rs.getString(1)), instance, rs.getString(5), rs.getString(9), rs.getString(3),
                                rs.getString(4), subnet.prefixLength(), subnet.gateway(), subnet.dns()));
                    }
                }
            }
        }
        return byInstance;
    }

    private record SubnetColumns(String cidr, String gateway, String dnsServers) {
        SubnetFields parse() {
            SubnetRow row = new SubnetRow("", "", cidr, gateway, "", "", dnsServers, 0);
            return new SubnetFields(row.parsedCidr().prefixLength(), row.gatewayIp(), row.dnsList());
        }
    }

    private record SubnetFields(int prefixLength, String gateway, List<String> dns) {}
}
