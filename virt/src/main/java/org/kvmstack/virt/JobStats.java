package org.kvmstack.virt;

import java.util.Map;

/**
 * A domain job's statistics ({@code virDomainGetJobStats}): of the job running now, or of the last one that ended
 * ({@code VIR_DOMAIN_JOB_STATS_COMPLETED}). Unlike {@link JobInfo} it names the job's operation and, for a failed
 * job, libvirt's reason.
 *
 * @param type          the job's state
 * @param operation     what the job does ({@code VIR_DOMAIN_JOB_OPERATION_*}); {@link Operation#UNKNOWN} when
 *                      libvirt does not say
 * @param elapsedMillis time since the job started
 * @param dataTotal     bytes the job has to copy, 0 when unknown ({@code data_total}; a backup job reports
 *                      {@code disk_total} instead, which is used then)
 * @param dataProcessed bytes copied so far ({@code data_processed}, or a backup's {@code disk_processed})
 * @param errorMessage  why a failed job failed ({@code errmsg}), null otherwise
 * @param fields        every numeric field libvirt reported, by its libvirt name (e.g. {@code disk_total})
 */
public record JobStats(Type type, Operation operation, long elapsedMillis, long dataTotal, long dataProcessed,
                       String errorMessage, Map<String, Long> fields) {
    public JobStats {
        fields = Map.copyOf(fields);
    }

    /** {@code virDomainJobType}. */
    public enum Type {
        NONE, BOUNDED, UNBOUNDED, COMPLETED, FAILED, CANCELLED;

        static Type of(int code) {
            return code >= 0 && code < values().length ? values()[code] : NONE;
        }
    }

    /** {@code virDomainJobOperation}, in libvirt's numbering. */
    public enum Operation {
        UNKNOWN, START, SAVE, RESTORE, MIGRATION_IN, MIGRATION_OUT, SNAPSHOT, SNAPSHOT_REVERT, DUMP, BACKUP,
        SNAPSHOT_DELETE;

        static Operation of(long code) {
            return code >= 0 && code < values().length ? values()[(int) code] : UNKNOWN;
        }
    }

    /** Builds the record from libvirt's raw job type and typed parameters. */
    public static JobStats of(int type, Map<String, Long> numbers, String errorMessage) {
        return new JobStats(Type.of(type), Operation.of(numbers.getOrDefault("operation", 0L)),
                numbers.getOrDefault("time_elapsed", 0L), either(numbers, "data_total", "disk_total"),
                either(numbers, "data_processed", "disk_processed"), errorMessage, numbers);
    }

    private static long either(Map<String, Long> numbers, String field, String backupField) {
        Long value = numbers.get(field);
        return value != null ? value : numbers.getOrDefault(backupField, 0L);
    }

    public boolean isActive() {
        return type == Type.BOUNDED || type == Type.UNBOUNDED;
    }

    /** Share of the data copied, 0..100; 0 while the total is unknown. */
    public int percent() {
        return dataTotal <= 0 ? 0 : (int) Math.min(100, dataProcessed * 100 / dataTotal);
    }
}
