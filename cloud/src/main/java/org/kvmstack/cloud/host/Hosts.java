package org.kvmstack.cloud.host;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code hosts} table. */
public final class Hosts {
    private static final RowMapper<HostResources> MAPPER = (rs, ctx) -> new HostResources(
            new Host(rs.getString("id"), rs.getString("name"), rs.getString("uri")), rs.getBoolean("enabled"),
            rs.getString("domain_type"), rs.getInt("vcpus"), rs.getLong("memory_mb"), rs.getLong("disk_gb"),
            rs.getDouble("cpu_allocation_ratio"), rs.getDouble("ram_allocation_ratio"),
            rs.getDouble("disk_allocation_ratio"));

    private final Jdbi jdbi;
    private final Clock clock;

    public Hosts(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Inserts the host, or updates the row of the same name (keeping its id and enabled flag). */
    public HostResources upsert(HostResources h) {
        return jdbi.inTransaction(handle -> {
            Optional<HostResources> existing = byName(handle, h.host().name());
            long now = clock.millis();
            if (existing.isPresent()) {
                String id = existing.get().host().id();
                handle.createUpdate("UPDATE hosts SET uri = :uri, domain_type = :type, vcpus = :vcpus, "
                                + "memory_mb = :mem, disk_gb = :disk, cpu_allocation_ratio = :cr, "
                                + "ram_allocation_ratio = :rr, disk_allocation_ratio = :dr, updated_at = :now WHERE id = :id")
                        .bind("uri", h.host().uri()).bind("type", h.domainType()).bind("vcpus", h.vcpus())
                        .bind("mem", h.memoryMb()).bind("disk", h.diskGb()).bind("cr", h.cpuAllocationRatio())
                        .bind("rr", h.ramAllocationRatio()).bind("dr", h.diskAllocationRatio()).bind("now", now)
                        .bind("id", id).execute();
            } else {
                handle.createUpdate("INSERT INTO hosts (id, name, uri, enabled, domain_type, vcpus, memory_mb, disk_gb, "
                                + "cpu_allocation_ratio, ram_allocation_ratio, disk_allocation_ratio, updated_at) "
                                + "VALUES (:id, :name, :uri, :enabled, :type, :vcpus, :mem, :disk, :cr, :rr, :dr, :now)")
                        .bind("id", h.host().id()).bind("name", h.host().name()).bind("uri", h.host().uri())
                        .bind("enabled", h.enabled()).bind("type", h.domainType()).bind("vcpus", h.vcpus())
                        .bind("mem", h.memoryMb()).bind("disk", h.diskGb()).bind("cr", h.cpuAllocationRatio())
                        .bind("rr", h.ramAllocationRatio()).bind("dr", h.diskAllocationRatio()).bind("now", now)
                        .execute();
            }
            return byName(handle, h.host().name()).orElseThrow();
        });
    }

    public List<HostResources> all() {
        return jdbi.withHandle(h -> all(h));
    }

    /** All hosts, read inside the caller's transaction (the scheduler claims in the same one). */
    public static List<HostResources> all(Handle handle) {
        return handle.createQuery("SELECT * FROM hosts ORDER BY name").map(MAPPER).list();
    }

    public Optional<HostResources> byId(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM hosts WHERE id = :id").bind("id", id).map(MAPPER).findOne());
    }

    public Optional<HostResources> byName(String name) {
        return jdbi.withHandle(h -> byName(h, name));
    }

    private static Optional<HostResources> byName(Handle handle, String name) {
        return handle.createQuery("SELECT * FROM hosts WHERE name = :name").bind("name", name).map(MAPPER).findOne();
    }

    /** Enables or disables scheduling to a host; false when no such host. */
    public boolean setEnabled(String id, boolean enabled) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE hosts SET enabled = :e, updated_at = :now WHERE id = :id")
                .bind("e", enabled).bind("now", clock.millis()).bind("id", id).execute()) == 1;
    }
}
