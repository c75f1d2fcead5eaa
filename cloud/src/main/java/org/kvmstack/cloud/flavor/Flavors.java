package org.kvmstack.cloud.flavor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code flavors} and {@code flavor_extra_specs} tables. */
final class Flavors {
    private static final RowMapper<Flavor> MAPPER = (rs, ctx) -> new Flavor(rs.getString("id"), rs.getString("name"),
            rs.getInt("vcpus"), rs.getInt("ram_mb"), rs.getInt("disk_gb"), rs.getInt("ephemeral_gb"),
            rs.getInt("swap_mb"), rs.getDouble("rxtx_factor"), rs.getBoolean("is_public"),
            rs.getString("description"), Map.of());

    private final Jdbi jdbi;

    Flavors(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    void insert(Flavor f, long createdAt) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO flavors (id, name, vcpus, ram_mb, disk_gb, ephemeral_gb, swap_mb, "
                        + "rxtx_factor, is_public, description, created_at) VALUES (:id, :name, :vcpus, :ram, :disk, "
                        + ":eph, :swap, :rxtx, :pub, :descr, :at)")
                .bind("id", f.id()).bind("name", f.name()).bind("vcpus", f.vcpus()).bind("ram", f.ramMb())
                .bind("disk", f.diskGb()).bind("eph", f.ephemeralGb()).bind("swap", f.swapMb())
                .bind("rxtx", f.rxtxFactor()).bind("pub", f.isPublic()).bind("descr", f.description())
                .bind("at", createdAt).execute());
    }

    Optional<Flavor> byId(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM flavors WHERE id = :id").bind("id", id).map(MAPPER)
                .findOne().map(f -> f.withExtraSpecs(specs(h, f.id()))));
    }

    Optional<Flavor> byName(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM flavors WHERE name = :n").bind("n", name).map(MAPPER)
                .findOne().map(f -> f.withExtraSpecs(specs(h, f.id()))));
    }

    List<Flavor> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM flavors ORDER BY ram_mb, vcpus, disk_gb, id")
                .map(MAPPER).list().stream().map(f -> f.withExtraSpecs(specs(h, f.id()))).toList());
    }

    boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM flavors WHERE id = :id").bind("id", id).execute()) == 1;
    }

    void putSpecs(String flavorId, Map<String, String> specs) {
        jdbi.useTransaction(h -> specs.forEach((k, v) -> {
            h.createUpdate("DELETE FROM flavor_extra_specs WHERE flavor_id = :f AND spec_key = :k")
                    .bind("f", flavorId).bind("k", k).execute();
            h.createUpdate("INSERT INTO flavor_extra_specs (flavor_id, spec_key, value) VALUES (:f, :k, :v)")
                    .bind("f", flavorId).bind("k", k).bind("v", v).execute();
        }));
    }

    boolean deleteSpec(String flavorId, String key) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM flavor_extra_specs WHERE flavor_id = :f AND spec_key = :k")
                .bind("f", flavorId).bind("k", key).execute()) == 1;
    }

    private static Map<String, String> specs(Handle h, String flavorId) {
        Map<String, String> specs = new LinkedHashMap<>();
        h.createQuery("SELECT spec_key, value FROM flavor_extra_specs WHERE flavor_id = :f ORDER BY spec_key")
                .bind("f", flavorId).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> specs.put(e.getKey(), e.getValue()));
        return specs;
    }
}
