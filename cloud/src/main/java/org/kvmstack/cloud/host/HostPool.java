package org.kvmstack.cloud.host;

import java.util.UUID;
import org.kvmstack.virt.PoolSummary;
import org.kvmstack.virt.Storage;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.xml.storage.StoragePool;

/**
 * The host's kvmstack storage pool: a libvirt directory pool named {@value HostLayout#POOL_NAME} at
 * {@value HostLayout#POOL_PATH}, defined, built, started and autostarted on demand. Base images, instance disks and
 * config drives all live in it.
 */
public final class HostPool {
    private HostPool() {}

    /**
     * Makes sure the pool exists, is active and autostarts; does only what is missing, so it is cheap when all is
     * in place and safe to call concurrently (from several threads or controllers): a racing define or start by
     * someone else counts as success.
     *
     * @return the active pool
     * @throws HostStorageException when a pool of that name exists at another path (kvmstack would put disks
     *                              where nobody expects them)
     * @throws VirtException        when libvirt fails otherwise
     */
    public static PoolSummary ensure(VirtConnection host) {
        Storage storage = host.storage();
        PoolSummary pool = storage.findPool(HostLayout.POOL_NAME).orElseGet(() -> define(storage));
        String path = StoragePool.parse(storage.poolXml(HostLayout.POOL_NAME)).targetPath();
        if (!HostLayout.POOL_PATH.equals(path)) {
            throw new HostStorageException("the libvirt storage pool '" + HostLayout.POOL_NAME + "' on " + host.uri()
                    + " points at " + path + ", not " + HostLayout.POOL_PATH
                    + "; remove it (virsh pool-destroy/pool-undefine) or move it there");
        }
        if (pool.state() != PoolSummary.State.RUNNING) {
            // build creates the directory (a no-op when it exists); an active pool must not be rebuilt.
            storage.buildPool(HostLayout.POOL_NAME);
            try {
                storage.startPool(HostLayout.POOL_NAME);
            } catch (VirtException e) {
                if (!e.is(VirtErrorKind.OPERATION_INVALID)) { // started meanwhile by someone else
                    throw e;
                }
            }
        }
        if (!pool.autostart()) {
            storage.setPoolAutostart(HostLayout.POOL_NAME, true);
        }
        return storage.pool(HostLayout.POOL_NAME);
    }

    private static PoolSummary define(Storage storage) {
        try {
            return storage.definePool(StoragePool.dir(HostLayout.POOL_NAME, UUID.randomUUID(), HostLayout.POOL_PATH)
                    .render());
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.ALREADY_EXISTS)) {
                return storage.pool(HostLayout.POOL_NAME);
            }
            throw e;
        }
    }
}
