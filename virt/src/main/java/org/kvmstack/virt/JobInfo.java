package org.kvmstack.virt;

/**
 * Progress of a domain's background job (migration, save, dump), {@code virDomainGetJobInfo}. Bytes and milliseconds.
 *
 * @param type 0 none, 1 bounded (remaining known), 2 unbounded, 3 completed, 4 failed, 5 cancelled
 */
public record JobInfo(int type, long elapsedMillis, long remainingMillis, long dataTotal, long dataProcessed,
                      long dataRemaining, long memoryTotal, long memoryProcessed, long memoryRemaining,
                      long fileTotal, long fileProcessed, long fileRemaining) {
    public boolean isActive() {
        return type == 1 || type == 2;
    }
}
