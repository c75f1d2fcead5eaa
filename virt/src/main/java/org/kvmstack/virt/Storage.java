package org.kvmstack.virt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.kvmstack.virt.jna.NativeLibvirt;
import org.kvmstack.virt.jna.NativeStream;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * Storage pool and volume operations of one {@link VirtConnection}, by pool and volume name. Missing objects are
 * {@link VirtErrorKind#NO_SUCH_POOL} / {@link VirtErrorKind#NO_SUCH_VOLUME} unless the method says otherwise.
 */
public final class Storage {
    private static final int CHUNK = 256 * 1024;

    private final VirtConnection conn;

    Storage(VirtConnection conn) {
        this.conn = conn;
    }

    /** Defines a persistent pool; then {@link #buildPool} (creates a dir pool's directory) and {@link #startPool}. */
    public PoolSummary definePool(String xml) {
        return conn.change("define pool", c -> Handles.use(c.storagePoolDefineXML(xml, 0), "define pool",
                Storage::summary));
    }

    /** Creates the pool's backing storage (for a dir pool: its directory). */
    public void buildPool(String pool) {
        onPool("build", pool, false, p -> {
            p.build(0);
            return null;
        });
    }

    /** Activates the pool. OPERATION_INVALID when it is already active. */
    public void startPool(String pool) {
        onPool("start", pool, false, p -> {
            p.create(0);
            return null;
        });
    }

    /** Rescans the pool, e.g. after files were added behind libvirt's back. */
    public void refreshPool(String pool) {
        onPool("refresh", pool, false, p -> {
            p.refresh(0);
            return null;
        });
    }

    /** Deactivates the pool (volumes stay). Succeeds when inactive or missing. */
    public void destroyPool(String pool) {
        try {
            onPool("destroy", pool, false, p -> {
                p.destroy();
                return null;
            });
        } catch (VirtException e) {
            if (!e.is(VirtErrorKind.NO_SUCH_POOL) && !e.is(VirtErrorKind.OPERATION_INVALID)) {
                throw e;
            }
        }
    }

    /** Removes the pool definition (not its data). Succeeds when missing. */
    public void undefinePool(String pool) {
        try {
            onPool("undefine", pool, false, p -> {
                p.undefine();
                return null;
            });
        } catch (VirtException e) {
            if (!e.is(VirtErrorKind.NO_SUCH_POOL)) {
                throw e;
            }
        }
    }

    public void setPoolAutostart(String pool, boolean autostart) {
        onPool("set autostart of", pool, false, p -> {
            p.setAutostart(autostart ? 1 : 0);
            return null;
        });
    }

    public PoolSummary pool(String pool) {
        return onPool("look up", pool, true, Storage::summary);
    }

    public Optional<PoolSummary> findPool(String pool) {
        try {
            return Optional.of(pool(pool));
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_POOL)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public String poolXml(String pool) {
        return onPool("get XML of", pool, true, p -> p.getXMLDesc(0));
    }

    /** All pools, active and defined. A pool that vanishes while listing is left out. */
    public List<PoolSummary> pools() {
        return conn.query("list pools", c -> {
            List<String> names = NativeLibvirt.listAllPoolNames(c);
            List<PoolSummary> all = new ArrayList<>();
            for (String name : names) {
                StoragePool p;
                try {
                    p = c.storagePoolLookupByName(name);
                } catch (LibvirtException e) {
                    VirtException v = LibvirtErrors.translate("look up listed pool " + name, e);
                    if (v.is(VirtErrorKind.NO_SUCH_POOL)) {
                        continue;
                    }
                    throw v;
                }
                try {
                    all.add(Handles.use(p, "read pool " + name, Storage::summary));
                } catch (VirtException e) {
                    if (!e.is(VirtErrorKind.NO_SUCH_POOL)) {
                        throw e;
                    }
                }
            }
            return all;
        });
    }

    /** Creates a volume from XML in an active pool. ALREADY_EXISTS (or OTHER on older libvirt) if the name is taken. */
    public VolumeSummary createVolume(String pool, String xml) {
        return onPool("create volume in", pool, false, p -> Handles.use(p.storageVolCreateXML(xml, 0),
                "create volume in pool " + pool, v -> volume(pool, v)));
    }

    /** Creates a volume from XML filled with the contents of {@code sourcePool/sourceVolume} (a full copy). */
    public VolumeSummary cloneVolume(String pool, String xml, String sourcePool, String sourceVolume) {
        String op = "clone volume " + sourcePool + "/" + sourceVolume + " into pool " + pool;
        // The copy runs inside this call (seconds to minutes): on the long-call lane, see VirtConnection.
        return conn.changeOnLongCallLane(op, c -> Handles.use(lookupVolume(c, sourcePool, sourceVolume), op,
                source -> Handles.use(c.storagePoolLookupByName(pool), op,
                        target -> Handles.use(target.storageVolCreateXMLFrom(xml, source, 0), op,
                                v -> volume(pool, v)))));
    }

    /** Deletes the volume and its data. Succeeds when the volume (or its pool) does not exist. */
    public void deleteVolume(String pool, String volume) {
        try {
            onVolume("delete", pool, volume, false, v -> {
                v.delete(0);
                return null;
            });
        } catch (VirtException e) {
            if (!e.is(VirtErrorKind.NO_SUCH_VOLUME) && !e.is(VirtErrorKind.NO_SUCH_POOL)) {
                throw e;
            }
        }
    }

    public VolumeSummary volume(String pool, String volume) {
        return onVolume("look up", pool, volume, true, v -> volume(pool, v));
    }

    public Optional<VolumeSummary> findVolume(String pool, String volume) {
        try {
            return Optional.of(volume(pool, volume));
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_VOLUME)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public String volumeXml(String pool, String volume) {
        return onVolume("get XML of", pool, volume, true, v -> v.getXMLDesc(0));
    }

    /** Volumes of an active pool. A volume that vanishes while listing is left out. */
    public List<VolumeSummary> volumes(String pool) {
        return onPool("list volumes of", pool, true, p -> {
            List<VolumeSummary> all = new ArrayList<>();
            for (String name : NativeLibvirt.listAllVolumeNames(p)) {
                StorageVol v;
                try {
                    v = p.storageVolLookupByName(name);
                } catch (LibvirtException e) {
                    VirtException x = LibvirtErrors.translate("look up listed volume " + name, e);
                    if (x.is(VirtErrorKind.NO_SUCH_VOLUME)) {
                        continue;
                    }
                    throw x;
                }
                try {
                    all.add(Handles.use(v, "read volume " + name, vol -> volume(pool, vol)));
                } catch (VirtException e) {
                    if (!e.is(VirtErrorKind.NO_SUCH_VOLUME)) {
                        throw e;
                    }
                }
            }
            return all;
        });
    }

    /**
     * Writes {@code length} bytes from {@code in} into the volume from offset 0 through a libvirt stream
     * ({@code virStorageVolUpload}): works over remote connections, the bytes travel in libvirt's protocol. The
     * volume must be at least {@code length} bytes. On any failure the stream is aborted and the volume content is
     * undefined. UNSUPPORTED on test:///.
     */
    public void upload(String pool, String volume, InputStream in, long length) {
        String op = "upload into volume " + pool + "/" + volume;
        conn.change(op, c -> Handles.use(lookupVolume(c, pool, volume), op, v -> {
            try (NativeStream stream = NativeLibvirt.newStream(c, false)) {
                NativeLibvirt.startUpload(v, stream, 0, length);
                byte[] buffer = new byte[CHUNK];
                long left = length;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw VirtException.of(op, VirtErrorKind.INVALID_ARGUMENT, "input ended " + left
                                + " bytes before the announced length " + length);
                    }
                    stream.sendFully(buffer, 0, n);
                    left -= n;
                }
                stream.finish();
                return null;
            } catch (IOException e) {
                throw new VirtException(op, VirtErrorKind.OTHER, -1, -1, "reading the input: " + e.getMessage(), e);
            }
        }));
    }

    /**
     * Reads the whole volume into {@code out} through a libvirt stream ({@code virStorageVolDownload}).
     *
     * @return bytes written to {@code out}
     */
    public long download(String pool, String volume, OutputStream out) {
        String op = "download volume " + pool + "/" + volume;
        return conn.change(op, c -> Handles.use(lookupVolume(c, pool, volume), op, v -> {
            try (NativeStream stream = NativeLibvirt.newStream(c, false)) {
                NativeLibvirt.startDownload(v, stream, 0, 0);
                byte[] buffer = new byte[CHUNK];
                long total = 0;
                for (int n = stream.receive(buffer); n != 0; n = stream.receive(buffer)) {
                    out.write(buffer, 0, n);
                    total += n;
                }
                stream.finish();
                return total;
            } catch (IOException e) {
                throw new VirtException(op, VirtErrorKind.OTHER, -1, -1, "writing the output: " + e.getMessage(), e);
            }
        }));
    }

    private <T> T onPool(String what, String pool, boolean read, Handles.HandleCall<StoragePool, T> fn) {
        String op = what + " pool " + pool;
        LibvirtCall<T> call = c -> Handles.use(c.storagePoolLookupByName(pool), op, fn);
        return read ? conn.query(op, call) : conn.change(op, call);
    }

    private <T> T onVolume(String what, String pool, String volume, boolean read,
                           Handles.HandleCall<StorageVol, T> fn) {
        String op = what + " volume " + pool + "/" + volume;
        LibvirtCall<T> call = c -> Handles.use(lookupVolume(c, pool, volume), op, fn);
        return read ? conn.query(op, call) : conn.change(op, call);
    }

    private static StorageVol lookupVolume(Connect c, String pool, String volume) throws LibvirtException {
        StoragePool p = c.storagePoolLookupByName(pool);
        try {
            return p.storageVolLookupByName(volume);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate("look up volume " + pool + "/" + volume, e);
        } finally {
            Handles.free(p);
        }
    }

    private static PoolSummary summary(StoragePool p) throws LibvirtException {
        org.libvirt.StoragePoolInfo info = p.getInfo();
        return new PoolSummary(UUID.fromString(p.getUUIDString()), p.getName(),
                PoolSummary.State.values()[info.state.ordinal()], p.isPersistent() == 1, p.getAutostart(),
                info.capacity, info.allocation, info.available);
    }

    private static VolumeSummary volume(String pool, StorageVol v) throws LibvirtException {
        org.libvirt.StorageVolInfo info = v.getInfo();
        return new VolumeSummary(pool, v.getName(), v.getKey(), v.getPath(),
                info.type == null ? "unknown" : info.type.name().replace("VIR_STORAGE_VOL_", "").toLowerCase(),
                info.capacity, info.allocation);
    }
}
