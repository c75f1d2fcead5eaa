package org.kvmstack.cloud.compute;

/** Nova's {@code OS-EXT-STS:task_state}: the action in progress, if any. */
public enum TaskState {
    SCHEDULING("scheduling"), SPAWNING("spawning"), POWERING_OFF("powering-off"), POWERING_ON("powering-on"),
    REBOOTING("rebooting"), REBOOTING_HARD("rebooting_hard"), PAUSING("pausing"), UNPAUSING("unpausing"),
    SUSPENDING("suspending"), RESUMING("resuming"), DELETING("deleting"),
    IMAGE_SNAPSHOT("image_snapshot"),
    IMAGE_PENDING_UPLOAD("image_pending_upload"), IMAGE_UPLOADING("image_uploading"), CLONING("cloning");

    private final String value;

    TaskState(String value) {
        this.value = value;
    }

    /** True for the phases of a snapshot (createImage). */
    public boolean isSnapshot() {
        return this == IMAGE_SNAPSHOT || this == IMAGE_PENDING_UPLOAD || this == IMAGE_UPLOADING;
    }

    public String value() {
        return value;
    }

    public static TaskState of(String value) {
        if (value == null) {
            return null;
        }
        for (TaskState s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown task_state " + value);
    }
}
