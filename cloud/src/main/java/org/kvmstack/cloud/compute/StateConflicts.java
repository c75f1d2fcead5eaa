package org.kvmstack.cloud.compute;

import org.kvmstack.cloud.error.Conflict;

/** Nova's 409 for an action the server's current state does not allow. */
final class StateConflicts {
    private StateConflicts() {
    }

    /** "Cannot '{action}' instance {id} while it is in task_state …" (or vm_state, when no task runs). */
    static Conflict of(String action, Instance current) {
        String where = current.taskState() != null ? "task_state " + current.taskState().value()
                : "vm_state " + current.vmState().value();
        return new Conflict("Cannot '" + action + "' instance " + current.id() + " while it is in " + where);
    }
}
