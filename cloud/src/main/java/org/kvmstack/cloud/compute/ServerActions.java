package org.kvmstack.cloud.compute;

import java.time.Duration;
import java.util.UUID;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.Domains;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action already accepted (task_state set) against the server's domain and records the outcome;
 * a failure clears the task and leaves the state as it was, and is logged.
 */
final class ServerActions {
    private static final Logger LOG = LoggerFactory.getLogger(ServerActions.class);
    private static final long POLL_MILLIS = 200;

    private final Instances instances;
    private final HostRegistry hosts;
    private final Duration shutdownTimeout;

    ServerActions(Instances instances, HostRegistry hosts, Duration shutdownTimeout) {
        this.instances = instances;
        this.hosts = hosts;
        this.shutdownTimeout = shutdownTimeout;
    }

    void run(UUID id, ServerAction action) {
        Instance instance = instances.find(id).orElse(null);
        if (instance == null || instance.taskState() != action.task()) {
            return; // superseded (deleted meanwhile)
        }
        try {
            if (instance.hostId() == null) {
                throw new IllegalStateException("the server has no host (its build never placed it)");
            }
            HostResources host = hosts.byId(instance.hostId()).orElseThrow();
            Domains domains = hosts.connection(host.host()).domains();
            DomainRef ref = DomainRef.of(id);
            switch (action) {
                case START -> {
                    domains.start(ref);
                    instances.finishTask(id, VmState.ACTIVE, PowerState.RUNNING);
                }
                case STOP -> {
                    stop(domains, ref);
                    instances.finishTask(id, VmState.STOPPED, PowerState.SHUTDOWN);
                }
                case REBOOT_SOFT -> {
                    domains.reboot(ref);
                    instances.finishTask(id, VmState.ACTIVE, PowerState.RUNNING);
                }
                case REBOOT_HARD -> {
                    domains.destroy(ref);
                    domains.start(ref);
                    instances.finishTask(id, VmState.ACTIVE, PowerState.RUNNING);
                }
                case PAUSE -> {
                    domains.suspend(ref);
                    instances.finishTask(id, VmState.PAUSED, PowerState.PAUSED);
                }
                case UNPAUSE, RESUME -> {
                    domains.resume(ref);
                    instances.finishTask(id, VmState.ACTIVE, PowerState.RUNNING);
                }
                case SUSPEND -> {
                    // Kept paused in host memory: managed save is not in the virt layer yet.
                    domains.suspend(ref);
                    instances.finishTask(id, VmState.SUSPENDED, PowerState.SUSPENDED);
                }
            }
            LOG.info("instance {}: {} done", id, action);
        } catch (RuntimeException e) {
            LOG.error("instance {}: {} failed: {}", id, action, e.toString());
            instances.clearTask(id);
        }
    }

    // ACPI power button first, so the guest can shut down cleanly; pulled plug after the timeout.
    private void stop(Domains domains, DomainRef ref) {
        if (!domains.get(ref).state().isActive()) {
            return;
        }
        domains.shutdown(ref);
        long polls = shutdownTimeout.toMillis() / POLL_MILLIS;
        for (long i = 0; i < polls; i++) {
            if (domains.get(ref).state() == DomainState.SHUTOFF) {
                return;
            }
            BuildFlow.sleep(POLL_MILLIS);
        }
        LOG.info("{} did not shut down within {}; destroying it", ref, shutdownTimeout);
        domains.destroy(ref);
    }
}
