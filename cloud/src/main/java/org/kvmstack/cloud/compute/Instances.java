package org.kvmstack.cloud.compute;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.kvmstack.cloud.store.StoreException;

/**
 * The {@code instances} and {@code instance_metadata} tables. State changes that race with users
 * (actions, delete) are conditional updates: they say which states they start from and report whether
 * they applied, so two concurrent requests cannot both win.
 */
public final class Instances {
    private static final RowMapper<Instance> MAPPER = (rs, ctx) -> {
        Long faultAt = nullableLong(rs, "fault_at");
        Long launched = nullableLong(rs, "launched_at");
        String faultMessage = rs.getString("fault_message");
        return new Instance(UUID.fromString(rs.getString("id")), rs.getString("name"), rs.getString("project_id"),
                rs.getString("user_id"), rs.getString("host_id"), rs.getString("image_id"), rs.getString("flavor_id"),
                rs.getString("flavor_name"), rs.getInt("vcpus"), rs.getLong("memory_mb"), rs.getLong("disk_gb"),
                rs.getBoolean("claimed"), rs.getString("key_name"), rs.getString("key_data"), rs.getString("user_data"),
                rs.getBoolean("config_drive"), VmState.of(rs.getString("vm_state")), TaskState.of(rs.getString("task_state")),
                rs.getInt("power_state"), BuildStep.valueOf(rs.getString("build_step")),
                faultMessage == null ? null : new Fault(rs.getInt("fault_code"), faultMessage,
                        Instant.ofEpochMilli(faultAt == null ? 0 : faultAt)),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
                launched == null ? null : Instant.ofEpochMilli(launched), rs.getBoolean("deleted"), Map.of());
    };

    private final Jdbi jdbi;
    private final Clock clock;

    // getObject(col, Long.class) is not portable across the two JDBC drivers for NULLs.
    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public Instances(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** Inserts a new row (inside the scheduler's claiming transaction). */
    static void insert(Handle h, Instance i) {
        h.createUpdate("INSERT INTO instances (id, name, project_id, user_id, host_id, image_id, flavor_id, flavor_name, "
                        + "vcpus, memory_mb, disk_gb, claimed, key_name, key_data, user_data, config_drive, vm_state, "
                        + "task_state, power_state, build_step, created_at, updated_at) VALUES (:id, :name, :project, "
                        + ":user, :host, :image, :flavor, :flavorName, :vcpus, :mem, :disk, :claimed, :keyName, "
                        + ":keyData, :userData, :cd, :vm, :task, :power, :step, :created, :updated)")
                .bind("id", i.id().toString()).bind("name", i.name()).bind("project", i.projectId())
                .bind("user", i.userId()).bind("host", i.hostId()).bind("image", i.imageId())
                .bind("flavor", i.flavorId()).bind("flavorName", i.flavorName()).bind("vcpus", i.vcpus())
                .bind("mem", i.memoryMb()).bind("disk", i.diskGb()).bind("claimed", i.claimed())
                .bind("keyName", i.keyName()).bind("keyData", i.keyData()).bind("userData", i.userData())
                .bind("cd", i.configDrive()).bind("vm", i.vmState().value())
                .bind("task", i.taskState() == null ? null : i.taskState().value()).bind("power", i.powerState())
                .bind("step", i.buildStep().name()).bind("created", i.createdAt().toEpochMilli())
                .bind("updated", i.updatedAt().toEpochMilli()).execute();
        putMetadata(h, i.id(), i.metadata());
    }

    private static void putMetadata(Handle h, UUID id, Map<String, String> metadata) {
        metadata.forEach((k, v) -> h.createUpdate("INSERT INTO instance_metadata (instance_id, meta_key, value) "
                + "VALUES (:id, :k, :v)").bind("id", id.toString()).bind("k", k).bind("v", v).execute());
    }

    /** Sums of vCPUs, MiB and GiB claimed on each host, read inside the scheduler's transaction. */
    static Map<String, long[]> claimsByHost(Handle h) {
        Map<String, long[]> claims = new LinkedHashMap<>();
        h.createQuery("SELECT host_id, SUM(vcpus), SUM(memory_mb), SUM(disk_gb) FROM instances "
                        + "WHERE claimed = TRUE AND host_id IS NOT NULL GROUP BY host_id")
                .map((rs, ctx) -> Map.entry(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)}))
                .forEach(e -> claims.put(e.getKey(), e.getValue()));
        return claims;
    }

    /** The row with its metadata (deleted rows too), in one statement. */
    public Optional<Instance> find(UUID id) {
        List<Instance> found = read(WITH_METADATA + " WHERE i.id = ? ORDER BY m.meta_key", id.toString());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Rows of a project (or of all projects for null) with their metadata, deleted ones included only when asked. */
    public List<Instance> list(String projectId, boolean includeDeleted) {
        String sql = WITH_METADATA + " WHERE 1 = 1"
                + (projectId == null ? "" : " AND i.project_id = ?")
                + (includeDeleted ? "" : " AND i.deleted = FALSE")
                + " ORDER BY i.created_at DESC, i.id DESC, m.meta_key";
        return projectId == null ? read(sql) : read(sql, projectId);
    }

    /*
     * The reads behind every GET of servers: plain JDBC on the handle's connection, one statement whose rows are
     * the instances joined with their metadata (an instance without metadata is one row with NULL meta_key).
     * Jdbi's per-statement work (config, mapper lookup) dominated this path's profile, and one statement instead
     * of one per instance for the metadata is what makes a page of 1,000 servers cheap.
     */
    private static final String WITH_METADATA = "SELECT i.*, m.meta_key AS meta_key, m.value AS meta_value "
            + "FROM instances i LEFT JOIN instance_metadata m ON m.instance_id = i.id";

    private List<Instance> read(String sql, String... parameters) {
        return jdbi.withHandle(h -> {
            try (PreparedStatement st = h.getConnection().prepareStatement(sql)) {
                for (int k = 0; k < parameters.length; k++) {
                    st.setString(k + 1, parameters[k]);
                }
                try (ResultSet rs = st.executeQuery()) {
                    return groupMetadata(rs);
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read instances: " + e.getMessage(), e);
            }
        });
    }

    // Rows of one instance are adjacent (the ORDER BY starts with the instance's key).
    private static List<Instance> groupMetadata(ResultSet rs) throws SQLException {
        List<Instance> out = new ArrayList<>();
        Instance current = null;
        Map<String, String> metadata = null;
        while (rs.next()) {
            String id = rs.getString("id");
            if (current == null || !current.id().toString().equals(id)) {
                if (current != null) {
                    out.add(withMetadata(current, metadata));
                }
                current = MAPPER.map(rs, null);
                metadata = new LinkedHashMap<>();
            }
            String key = rs.getString("meta_key");
            if (key != null) {
                metadata.put(key, rs.getString("meta_value"));
            }
        }
        if (current != null) {
            out.add(withMetadata(current, metadata));
        }
        return out;
    }

    /** Live (not deleted) rows placed on a host. */
    public List<Instance> onHost(String hostId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instances WHERE host_id = :h AND deleted = FALSE")
                .bind("h", hostId).map(MAPPER).list());
    }

    /** Live rows with a build or task in progress: what a killed controller may have left half done. */
    public List<Instance> unfinished() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instances WHERE deleted = FALSE "
                + "AND (vm_state = 'building' OR task_state IS NOT NULL)").map(MAPPER).list());
    }

    private static Instance withMetadata(Instance i, Map<String, String> metadata) {
        return new Instance(i.id(), i.name(), i.projectId(), i.userId(), i.hostId(), i.imageId(), i.flavorId(),
                i.flavorName(), i.vcpus(), i.memoryMb(), i.diskGb(), i.claimed(), i.keyName(), i.keyData(),
                i.userData(), i.configDrive(), i.vmState(), i.taskState(), i.powerState(), i.buildStep(), i.fault(),
                i.createdAt(), i.updatedAt(), i.launchedAt(), i.deleted(), metadata);
    }

    public void setBuildStep(UUID id, BuildStep step) {
        update(id, "build_step = :v", step.name());
    }

    /** BUILD → ACTIVE, unless a delete was asked for meanwhile; true when it applied. */
    public boolean markBuilt(UUID id, int powerState) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createUpdate("UPDATE instances SET vm_state = 'active', task_state = NULL, "
                        + "power_state = :p, build_step = 'DONE', launched_at = :now, updated_at = :now "
                        + "WHERE id = :id AND vm_state = 'building' AND (task_state IS NULL OR task_state <> 'deleting')")
                .bind("p", powerState).bind("now", now).bind("id", id.toString()).execute()) == 1;
    }

    /** Any state → ERROR with a fault; the claim is released when {@code releaseClaim}. */
    public void markError(UUID id, Fault fault, boolean releaseClaim) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE instances SET vm_state = 'error', "
                        + "task_state = CASE WHEN task_state = 'deleting' THEN task_state ELSE NULL END, "
                        + "fault_code = :code, fault_message = :msg, fault_at = :at, updated_at = :now"
                        + (releaseClaim ? ", claimed = FALSE, build_step = 'DONE'" : "") + " WHERE id = :id")
                .bind("code", fault.code()).bind("msg", fault.message()).bind("at", fault.created().toEpochMilli())
                .bind("now", clock.millis()).bind("id", id.toString()).execute());
    }

    /**
     * Starts a task: applies only when the server is in one of {@code from} with no task running.
     *
     * @return false when the state did not allow it (the caller answers 409)
     */
    public boolean beginTask(UUID id, Set<VmState> from, TaskState task) {
        return beginTask(id, from, task, null);
    }

    // One conditional update for every task; a snapshot also records the image it writes in the same statement.
    private boolean beginTask(UUID id, Set<VmState> from, TaskState task, String snapshotImageId) {
        String states = from.stream().map(s -> "'" + s.value() + "'").collect(Collectors.joining(", "));
        return jdbi.withHandle(h -> h.createUpdate("UPDATE instances SET task_state = :task, updated_at = :now"
                        + (snapshotImageId == null ? "" : ", snapshot_image_id = :image")
                        + " WHERE id = :id AND deleted = FALSE AND task_state IS NULL AND vm_state IN (" + states + ")")
                .bind("task", task.value()).bind("now", clock.millis()).bind("id", id.toString())
                .bind("image", snapshotImageId).execute()) == 1;
    }

    /**
     * Starts a snapshot: task_state image_snapshot and the image it will write, in one update, so that a controller
     * restarted mid-snapshot finds the image to discard ({@link #snapshotImageId}). Same conditions as
     * {@link #beginTask}.
     */
    public boolean beginSnapshot(UUID id, Set<VmState> from, String imageId) {
        return beginTask(id, from, TaskState.IMAGE_SNAPSHOT, java.util.Objects.requireNonNull(imageId, "imageId"));
    }

    /** The image a snapshot of this server is writing (set by {@link #beginSnapshot} until {@link #endSnapshot}). */
    public Optional<String> snapshotImageId(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT snapshot_image_id FROM instances WHERE id = :id")
                .bind("id", id.toString()).mapTo(String.class).findOne());
    }

    /**
     * Ends a snapshot, done or failed: forgets its image and clears an image_* task. A delete that superseded the
     * snapshot keeps its task_state deleting.
     */
    public void endSnapshot(UUID id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE instances SET snapshot_image_id = NULL, task_state = CASE WHEN "
                        + "task_state IN ('image_snapshot', 'image_pending_upload', 'image_uploading') THEN NULL "
                        + "ELSE task_state END, updated_at = :now WHERE id = :id")
                .bind("now", clock.millis()).bind("id", id.toString()).execute());
    }

    /**
     * Marks the delete as asked for; applies from any state except an already running delete and a clone source
     * whose disk is being copied (false then).
     */
    public boolean beginDelete(UUID id) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE instances SET task_state = 'deleting', updated_at = :now "
                        + "WHERE id = :id AND deleted = FALSE "
                        + "AND (task_state IS NULL OR task_state NOT IN ('deleting', 'cloning'))")
                .bind("now", clock.millis()).bind("id", id.toString()).execute()) == 1;
    }

    /**
     * Ends a task with the state it produced. A delete accepted while the task ran keeps its task_state deleting:
     * clearing it lost the delete when the controller died before the queued delete ran (the restart found an idle
     * server; seen by the crash audit).
     */
    public void finishTask(UUID id, VmState state, int powerState) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE instances SET vm_state = :vm, task_state = CASE WHEN task_state = "
                        + "'deleting' THEN task_state ELSE NULL END, power_state = :p, "
                        + "updated_at = :now WHERE id = :id AND deleted = FALSE")
                .bind("vm", state.value()).bind("p", powerState).bind("now", clock.millis())
                .bind("id", id.toString()).execute());
    }

    /** Moves a running task to its next phase (e.g. image_snapshot → image_uploading); false when it is not in {@code from}. */
    public boolean switchTask(UUID id, TaskState from, TaskState to) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE instances SET task_state = :to, updated_at = :now "
                        + "WHERE id = :id AND deleted = FALSE AND task_state = :from")
                .bind("to", to.value()).bind("from", from.value()).bind("now", clock.millis())
                .bind("id", id.toString()).execute()) == 1;
    }

    /** Ends a failed task: the server keeps its state, the task is cleared. */
    public void clearTask(UUID id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE instances SET task_state = NULL, updated_at = :now "
                        + "WHERE id = :id AND task_state IS NOT NULL AND task_state <> 'deleting'")
                .bind("now", clock.millis()).bind("id", id.toString()).execute());
    }

    /**
     * The reconciler's correction of what the hypervisor reports; applies only while no task runs, so it
     * never overrides an action in flight. True when the row changed.
     */
    public boolean syncPower(UUID id, VmState expectedState, VmState newState, int powerState) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE instances SET vm_state = :vm, power_state = :p, "
                        + "updated_at = :now WHERE id = :id AND deleted = FALSE AND task_state IS NULL AND vm_state = :expected")
                .bind("vm", newState.value()).bind("p", powerState).bind("now", clock.millis())
                .bind("expected", expectedState.value()).bind("id", id.toString()).execute()) == 1;
    }

    /** The end of a delete: soft-deleted (kept for changes-since), claim released. */
    public void markDeleted(UUID id) {
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("UPDATE instances SET deleted = TRUE, deleted_at = :now, vm_state = 'deleted', "
                        + "task_state = NULL, power_state = 0, claimed = FALSE, updated_at = :now WHERE id = :id")
                .bind("now", now).bind("id", id.toString()).execute());
    }

    public void rename(UUID id, String name) {
        update(id, "name = :v", name);
    }

    private void update(UUID id, String assignment, Object value) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE instances SET " + assignment + ", updated_at = :now WHERE id = :id")
                .bind("v", value).bind("now", clock.millis()).bind("id", id.toString()).execute());
    }
}
