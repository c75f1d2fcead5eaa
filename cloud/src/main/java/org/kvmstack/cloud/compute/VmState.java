package org.kvmstack.cloud.compute;

/** Nova's {@code OS-EXT-STS:vm_state}: what the server is, between actions. */
public enum VmState {
    BUILDING("building"), ACTIVE("active"), STOPPED("stopped"), PAUSED("paused"), SUSPENDED("suspended"),
    ERROR("error"), DELETED("deleted");

    private final String value;

    VmState(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static VmState of(String value) {
        for (VmState s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown vm_state " + value);
    }
}
