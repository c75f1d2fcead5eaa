package org.kvmstack.cloud.compute;

import java.util.Set;

/**
 * The server actions, each with the states it may start from (Nova's {@code check_instance_state}), the task
 * it runs as, and its name in Nova's 409 message.
 */
public enum ServerAction {
    START("start", Set.of(VmState.STOPPED), TaskState.POWERING_ON),
    STOP("stop", Set.of(VmState.ACTIVE, VmState.ERROR), TaskState.POWERING_OFF),
    REBOOT_SOFT("reboot", Set.of(VmState.ACTIVE), TaskState.REBOOTING),
    REBOOT_HARD("reboot", Set.of(VmState.ACTIVE, VmState.STOPPED, VmState.PAUSED, VmState.SUSPENDED, VmState.ERROR),
            TaskState.REBOOTING_HARD),
    PAUSE("pause", Set.of(VmState.ACTIVE), TaskState.PAUSING),
    UNPAUSE("unpause", Set.of(VmState.PAUSED), TaskState.UNPAUSING),
    SUSPEND("suspend", Set.of(VmState.ACTIVE), TaskState.SUSPENDING),
    RESUME("resume", Set.of(VmState.SUSPENDED), TaskState.RESUMING);

    private final String novaName;
    private final Set<VmState> from;
    private final TaskState task;

    ServerAction(String novaName, Set<VmState> from, TaskState task) {
        this.novaName = novaName;
        this.from = from;
        this.task = task;
    }

    public String novaName() {
        return novaName;
    }

    public Set<VmState> from() {
        return from;
    }

    public TaskState task() {
        return task;
    }
}
