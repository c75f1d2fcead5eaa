package org.kvmstack.cloud.host;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.VolumeSummary;

/**
 * Finds volumes of a host's kvmstack pool by name, rescanning the pool ({@code virStoragePoolRefresh}) only when
 * libvirt does not know the name yet.
 *
 * <p>Why not always rescan: libvirt refuses a pool refresh while a volume copy (a clone's or a stopped server's
 * snapshot, {@code virStorageVolCreateXMLFrom}) runs in that pool, for as long as the copy takes. A volume libvirt
 * created (root disk, config drive, copy) is in the pool's list from its creation, and reading a known volume
 * (info, XML, download) re-reads its file, so only a file written behind libvirt's back (the console log QEMU's
 * virtlogd writes, a backup job's target) needs a rescan, and only until the first one. A refused rescan is retried
 * {@code attempts} times, {@code pause} apart; then it fails with {@link VirtErrorKind#BUSY}.
 */
public final class PoolScan {
    /** Rescans tried at the most, and the pause between two: about 5 s in all, then the caller decides. */
    public static final int DEFAULT_ATTEMPTS = 10;
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(500);

    private final int attempts;
    private final Duration pause;

    public PoolScan() {
        this(DEFAULT_ATTEMPTS, DEFAULT_PAUSE);
    }

    /**
     * @param attempts rescans tried at the most (positive)
     * @param pause    wait after a refused rescan (not negative)
     */
    public PoolScan(int attempts, Duration pause) {
        if (attempts < 1 || Objects.requireNonNull(pause, "pause").isNegative()) {
            throw new IllegalArgumentException("a pool scan needs at least one attempt and a pause >= 0, got "
                    + attempts + " and " + pause);
        }
        this.attempts = attempts;
        this.pause = pause;
    }

    /**
     * The volume by name, rescanning the pool once when libvirt does not know it.
     *
     * @return empty when the volume does not exist even after the rescan
     * @throws VirtException NO_SUCH_POOL without the pool; BUSY when every rescan was refused
     */
    public Optional<VolumeSummary> find(VirtConnection conn, String volume) {
        Optional<VolumeSummary> known = conn.storage().findVolume(HostLayout.POOL_NAME, volume);
        if (known.isPresent()) {
            return known;
        }
        rescan(conn);
        return conn.storage().findVolume(HostLayout.POOL_NAME, volume);
    }

    /**
     * Rescans the pool so that files written behind libvirt's back become volumes.
     *
     * @throws VirtException BUSY when every attempt was refused (a copy still runs in the pool); any other failure at
     *                       once
     */
    public void rescan(VirtConnection conn) {
        for (int attempt = 1; ; attempt++) {
            try {
                conn.storage().refreshPool(HostLayout.POOL_NAME);
                return;
            } catch (VirtException e) {
                if (!e.is(VirtErrorKind.BUSY) || attempt >= attempts) {
                    throw e;
                }
            }
            pauseOrGiveUp();
        }
    }

    private void pauseOrGiveUp() {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to rescan pool " + HostLayout.POOL_NAME, e);
        }
    }
}
