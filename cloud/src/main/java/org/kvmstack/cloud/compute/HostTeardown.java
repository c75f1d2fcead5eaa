package org.kvmstack.cloud.compute;

import java.util.Set;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;

/**
 * Removes everything a server has on its host and in the network: domain, root disk, config drive,
 * console log, ports. Every step succeeds when the thing is already gone, so a teardown can be repeated
 * after any interruption (a failed build, a crash during delete).
 */
final class HostTeardown {
    private final HostRegistry hosts;
    private final InstancePorts ports;

    HostTeardown(HostRegistry hosts, InstancePorts ports) {
        this.hosts = hosts;
        this.ports = ports;
    }

    /** @throws VirtException when the host cannot be reached (the caller retries later) */
    void removeEverything(Instance instance) {
        if (instance.hostId() != null) {
            HostResources host = hosts.byId(instance.hostId()).orElseThrow(() -> new IllegalStateException(
                    "instance " + instance.id() + " names host " + instance.hostId() + " which is not registered"));
            VirtConnection conn = hosts.connection(host.host());
            DomainRef ref = DomainRef.of(instance.id());
            conn.domains().destroy(ref);
            conn.domains().undefine(ref, Set.of());
            removeVolumes(conn, instance);
        }
        ports.releaseAll(instance.id());
    }

    private static void removeVolumes(VirtConnection conn, Instance instance) {
        try {
            // The console log is written by QEMU, not created through libvirt: refresh so the pool knows it.
            conn.storage().refreshPool(HostLayout.POOL_NAME);
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_POOL)) {
                return; // no pool, so no volumes
            }
            throw e;
        }
        conn.storage().deleteVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(instance.id()));
        conn.storage().deleteVolume(HostLayout.POOL_NAME, HostLayout.configDriveVolume(instance.id()));
        conn.storage().deleteVolume(HostLayout.POOL_NAME, HostLayout.consoleLogVolume(instance.id()));
    }
}
