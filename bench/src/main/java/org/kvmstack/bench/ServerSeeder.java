package org.kvmstack.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Puts ACTIVE servers straight into a stopped controller's SQLite store, because servers cannot be created through
 * the API in a build without the image and network services (and 1,000 API creates would be the create benchmark,
 * not the read one). The rows are what compute's build flow leaves behind for a built server (vm_state active, build_step DONE,
 * claimed on its host); their domains run on the test-driver hosts (see {@link TestDriverHost}). Written against
 * the V20 compute schema: when that schema changes, this class must follow.
 */
public final class ServerSeeder {
    private final String jdbcUrl;

    public ServerSeeder(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** Host ids by host name, as the controller registered them. */
    public Map<String, String> hostIds() throws SQLException {
        Map<String, String> ids = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             ResultSet rs = c.createStatement().executeQuery("SELECT id, name FROM hosts ORDER BY name")) {
            while (rs.next()) {
                ids.put(rs.getString("name"), rs.getString("id"));
            }
        }
        return ids;
    }

    /**
     * Inserts one ACTIVE server per id on the given host, owned by the admin user in the admin project, with the
     * given flavor's sizes.
     */
    public void seed(Map<String, List<UUID>> serversByHostId, String flavorName) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.setAutoCommit(false);
            String project = single(c, "SELECT id FROM projects WHERE name = 'admin'");
            String user = single(c, "SELECT id FROM users WHERE name = 'admin'");
            String flavorId;
            int vcpus;
            long ram;
            long disk;
            try (PreparedStatement f = c.prepareStatement("SELECT id, vcpus, ram_mb, disk_gb FROM flavors WHERE name = ?")) {
                f.setString(1, flavorName);
                try (ResultSet rs = f.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("no flavor " + flavorName);
                    }
                    flavorId = rs.getString(1);
                    vcpus = rs.getInt(2);
                    ram = rs.getLong(3);
                    disk = rs.getLong(4);
                }
            }
            long now = System.currentTimeMillis();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO instances (id, name, project_id, user_id, "
                    + "host_id, image_id, flavor_id, flavor_name, vcpus, memory_mb, disk_gb, claimed, config_drive, "
                    + "vm_state, task_state, power_state, build_step, created_at, updated_at, launched_at, deleted) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, FALSE, 'active', NULL, 1, 'DONE', ?, ?, ?, FALSE)")) {
                int n = 0;
                for (Map.Entry<String, List<UUID>> host : serversByHostId.entrySet()) {
                    for (UUID id : host.getValue()) {
                        insert.setString(1, id.toString());
                        insert.setString(2, "bench-" + n++);
                        insert.setString(3, project);
                        insert.setString(4, user);
                        insert.setString(5, host.getKey());
                        insert.setString(6, UUID.nameUUIDFromBytes("bench-image".getBytes()).toString());
                        insert.setString(7, flavorId);
                        insert.setString(8, flavorName);
                        insert.setInt(9, vcpus);
                        insert.setLong(10, ram);
                        insert.setLong(11, disk);
                        insert.setLong(12, now);
                        insert.setLong(13, now);
                        insert.setLong(14, now);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row for: " + sql);
            }
            return rs.getString(1);
        }
    }

    /** Splits {@code count} new server ids evenly over {@code hosts}. */
    public static List<List<UUID>> spread(int count, int hosts) {
        List<List<UUID>> out = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            out.get(i % hosts).add(UUID.randomUUID());
        }
        return out;
    }
}
