package org.kvmstack.cloud.compute;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A server as the store records it. The flavor's sizes are copied in; {@code claimed} says whether those
 * sizes count against {@code hostId}. {@code keyData} is the public key text of {@code keyName} at creation.
 */
public record Instance(UUID id, String name, String projectId, String userId, String hostId, String imageId,
                       String flavorId, String flavorName, int vcpus, long memoryMb, long diskGb, boolean claimed,
                       String keyName, String keyData, String userData, boolean configDrive, VmState vmState,
                       TaskState taskState, int powerState, BuildStep buildStep, Fault fault, Instant createdAt,
                       Instant updatedAt, Instant launchedAt, boolean deleted, Map<String, String> metadata) {
    public Instance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vmState, "vmState");
        Objects.requireNonNull(buildStep, "buildStep");
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }

    /** Nova's {@code status}, derived from vm_state and task_state. */
    public String status() {
        if (deleted) {
            return "DELETED";
        }
        return switch (vmState) {
            case BUILDING -> "BUILD";
            case ACTIVE -> taskState == TaskState.REBOOTING ? "REBOOT"
                    : taskState == TaskState.REBOOTING_HARD ? "HARD_REBOOT" : "ACTIVE";
            case STOPPED -> "SHUTOFF";
            case PAUSED -> "PAUSED";
            case SUSPENDED -> "SUSPENDED";
            case ERROR -> "ERROR";
            case DELETED -> "DELETED";
        };
    }
}
