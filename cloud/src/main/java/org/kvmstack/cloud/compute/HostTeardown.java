package org.kvmstack.cloud.compute;

import java.util.Set;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.cloud.host.PoolScan;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes everything a server has on its host and in the network: domain, root disk, config drive,
 * console log, ports. Every step succeeds when the thing is already gone, so a teardown can be repeated
 * after any interruption (a failed build, a crash during delete).
 */
final class HostTeardown {
    private static final Logger LOG = LoggerFactory.getLogger(HostTeardown.class);

    private final HostRegistry hosts;
    private final InstancePorts ports;
    private final PoolScan scan;

    HostTeardown(HostRegistry hosts, InstancePorts ports, PoolScan scan) {
        this.hosts = hosts;
        this.ports = ports;
        this.scan = scan;
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

    private void removeVolumes(VirtConnection conn, Instance instance) {
        // Root disk and config drive were created through libvirt, so the pool knows them by name: no rescan, which
        // libvirt would refuse while a clone or snapshot copies a disk in the same pool.
        conn.storage().deleteVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(instance.id()));
        conn.storage().deleteVolume(HostLayout.POOL_NAME, HostLayout.configDriveVolume(instance.id()));
        String consoleLog = HostLayout.consoleLogVolume(instance.id());
        try {
            // The console log is written by QEMU's virtlogd: the pool learns of it at its first rescan only.
            scan.find(conn, consoleLog)
                    .ifPresent(log -> conn.storage().deleteVolume(HostLayout.POOL_NAME, log.name()));
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_POOL)) {
                return; // no pool, so no volumes
            }
            if (!e.is(VirtErrorKind.BUSY)) {
                throw e;
            }
            // A copy has held the pool for the whole bounded wait: the delete is not held hostage by a log file of a
            // few kilobytes; it stays behind, named here so that it can be removed by hand.
            LOG.warn("instance {}: console log {} left in pool {}: the pool could not be rescanned while a disk copy"
                    + " runs in it ({})", instance.id(), consoleLog, HostLayout.POOL_NAME, e.getMessage());
        }
    }
}
