package org.kvmstack.virt.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmstack.virt.DhcpLease;
import org.kvmstack.virt.InterfaceAddresses;
import org.kvmstack.virt.JobStats;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * libvirt calls that libvirt-java 0.5.2 lacks, on libvirt-java handles. Every method throws
 * {@link org.kvmstack.virt.VirtException} carrying libvirt's error code on failure and frees every native array it
 * receives. For use by {@code org.kvmstack.virt} only; callers outside the module use {@code VirtConnection}.
 */
public final class NativeLibvirt {
    private NativeLibvirt() {
    }

    /** Free memory in bytes of NUMA cells {@code startCell..startCell+maxCells-1} ({@code virNodeGetCellsFreeMemory}). */
    public static long[] cellsFreeMemory(Connect conn, int startCell, int maxCells) {
        long[] free = new long[maxCells];
        int n = LibvirtNative.INSTANCE.virNodeGetCellsFreeMemory(NativeHandles.of(conn), free, startCell, maxCells);
        if (n < 0) {
            throw NativeErrors.failure("get free memory of NUMA cells");
        }
        return java.util.Arrays.copyOf(free, n);
    }

    /**
     * UUIDs of all domains, active and inactive, in one atomic call ({@code virConnectListAllDomains}); the older
     * count-then-list calls of libvirt-java silently truncate the list while domains start concurrently.
     */
    public static List<String> listAllDomainUuids(Connect conn) {
        return listAll(conn, "list all domains", LibvirtNative.INSTANCE::virConnectListAllDomains, dom -> {
            byte[] buf = new byte[37]; // VIR_UUID_STRING_BUFLEN
            if (LibvirtNative.INSTANCE.virDomainGetUUIDString(dom, buf) < 0) {
                throw NativeErrors.failure("read domain UUID");
            }
            return Native.toString(buf, "US-ASCII");
        }, LibvirtNative.INSTANCE::virDomainFree);
    }

    /**
     * Defines a domain with {@code virDomainDefineXMLFlags}; {@code validate} checks the document against libvirt's
     * RNG schema first ({@code VIR_DOMAIN_DEFINE_VALIDATE}), so unknown elements fail instead of being dropped.
     *
     * @return the UUID of the defined domain (the native handle is freed here)
     */
    public static String defineDomain(Connect conn, String xml, boolean validate) {
        Pointer dom = LibvirtNative.INSTANCE.virDomainDefineXMLFlags(NativeHandles.of(conn), xml, validate ? 1 : 0);
        if (dom == null) {
            throw NativeErrors.failure("define domain");
        }
        try {
            byte[] buf = new byte[37]; // VIR_UUID_STRING_BUFLEN
            if (LibvirtNative.INSTANCE.virDomainGetUUIDString(dom, buf) < 0) {
                throw NativeErrors.failure("read UUID of defined domain");
            }
            return Native.toString(buf, "US-ASCII");
        } finally {
            LibvirtNative.INSTANCE.virDomainFree(dom);
        }
    }

    /** Names of all networks, active and inactive, atomically ({@code virConnectListAllNetworks}). */
    public static List<String> listAllNetworkNames(Connect conn) {
        return listAll(conn, "list all networks", LibvirtNative.INSTANCE::virConnectListAllNetworks,
                LibvirtNative.INSTANCE::virNetworkGetName, LibvirtNative.INSTANCE::virNetworkFree);
    }

    /** Names of all storage pools, active and inactive, atomically ({@code virConnectListAllStoragePools}). */
    public static List<String> listAllPoolNames(Connect conn) {
        return listAll(conn, "list all storage pools", LibvirtNative.INSTANCE::virConnectListAllStoragePools,
                LibvirtNative.INSTANCE::virStoragePoolGetName, LibvirtNative.INSTANCE::virStoragePoolFree);
    }

    /** Names of all volumes of an active pool, atomically ({@code virStoragePoolListAllVolumes}). */
    public static List<String> listAllVolumeNames(StoragePool pool) {
        Pointer p = NativeHandles.of(pool);
        return listAll(p, "list all volumes", (owner, array, flags) ->
                        LibvirtNative.INSTANCE.virStoragePoolListAllVolumes(owner, array, flags),
                LibvirtNative.INSTANCE::virStorageVolGetName, LibvirtNative.INSTANCE::virStorageVolFree);
    }

    private interface ListAll {
        int list(Pointer conn, PointerByReference array, int flags);
    }

    private interface Read {
        String read(Pointer object);
    }

    private interface Free {
        int free(Pointer object);
    }

    private static List<String> listAll(Connect conn, String op, ListAll listAll, Read read, Free free) {
        return listAll(NativeHandles.of(conn), op, listAll, read, free);
    }

    private static List<String> listAll(Pointer owner, String op, ListAll listAll, Read read, Free free) {
        PointerByReference array = new PointerByReference();
        int n = listAll.list(owner, array, 0);
        if (n < 0) {
            throw NativeErrors.failure(op);
        }
        Pointer base = array.getValue();
        List<String> result = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                String value = read.read(base.getPointer((long) i * Native.POINTER_SIZE));
                if (value == null) {
                    throw NativeErrors.failure(op);
                }
                result.add(value);
            }
        } finally {
            for (int i = 0; i < n; i++) {
                free.free(base.getPointer((long) i * Native.POINTER_SIZE));
            }
            if (base != null) {
                Native.free(Pointer.nativeValue(base));
            }
        }
        return result;
    }

    public static NativeStream newStream(Connect conn, boolean nonBlocking) {
        return NativeStream.open(NativeHandles.of(conn), nonBlocking);
    }

    /** Starts an upload into {@code vol}; the caller then sends the bytes into {@code stream} and finishes it. */
    public static void startUpload(StorageVol vol, NativeStream stream, long offset, long length) {
        if (LibvirtNative.INSTANCE.virStorageVolUpload(NativeHandles.of(vol), stream.pointer(), offset, length, 0) < 0) {
            throw NativeErrors.failure("start volume upload");
        }
    }

    /** Starts a download of {@code vol}; the caller then receives from {@code stream} until end and finishes it. */
    public static void startDownload(StorageVol vol, NativeStream stream, long offset, long length) {
        if (LibvirtNative.INSTANCE.virStorageVolDownload(NativeHandles.of(vol), stream.pointer(), offset, length, 0) < 0) {
            throw NativeErrors.failure("start volume download");
        }
    }

    /**
     * Connects {@code stream} to the domain's console ({@code devName} null = the first console/serial).
     *
     * @param flags {@code VIR_DOMAIN_CONSOLE_FORCE} (1) to take over an open console, {@code _SAFE} (2)
     */
    public static void openConsole(Domain dom, String devName, NativeStream stream, int flags) {
        if (LibvirtNative.INSTANCE.virDomainOpenConsole(NativeHandles.of(dom), devName, stream.pointer(), flags) < 0) {
            throw NativeErrors.failure("open console");
        }
    }

    /**
     * Asks the domain's QEMU for a fresh connection to its graphics server number {@code idx} and receives it as a
     * file descriptor ({@code virDomainOpenGraphicsFD}). The descriptor travels by SCM_RIGHTS, so this works on
     * local connections and {@code qemu+unix://} only; over TCP or SSH libvirt refuses it.
     *
     * @param skipAuth {@code VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH}: QEMU skips its own VNC authentication for this
     *                 client (the caller has already authorized the user)
     */
    public static NativeFd openGraphicsFd(Domain dom, int idx, boolean skipAuth) {
        int fd = LibvirtNative.INSTANCE.virDomainOpenGraphicsFD(NativeHandles.of(dom), idx, skipAuth ? 1 : 0);
        if (fd < 0) {
            throw NativeErrors.failure("open graphics");
        }
        return new NativeFd(fd);
    }

    /** {@code virNetworkUpdate}: command, section and flags are libvirt's numeric values. */
    public static void networkUpdate(Network net, int command, int section, int parentIndex, String xml, int flags) {
        if (LibvirtNative.INSTANCE.virNetworkUpdate(NativeHandles.of(net), command, section, parentIndex, xml, flags) < 0) {
            throw NativeErrors.failure("update network");
        }
    }

    /** {@code virNetworkGetDHCPLeases}; {@code mac} null for all leases. */
    public static List<DhcpLease> dhcpLeases(Network net, String mac) {
        PointerByReference array = new PointerByReference();
        int n = LibvirtNative.INSTANCE.virNetworkGetDHCPLeases(NativeHandles.of(net), mac, array, 0);
        if (n < 0) {
            throw NativeErrors.failure("get DHCP leases");
        }
        List<DhcpLease> leases = new ArrayList<>(n);
        Pointer base = array.getValue();
        try {
            for (int i = 0; i < n; i++) {
                Pointer lease = base.getPointer((long) i * Native.POINTER_SIZE);
                leases.add(readLease(lease));
            }
        } finally {
            for (int i = 0; i < n; i++) {
                LibvirtNative.INSTANCE.virNetworkDHCPLeaseFree(base.getPointer((long) i * Native.POINTER_SIZE));
            }
            if (base != null) {
                Native.free(Pointer.nativeValue(base));
            }
        }
        return leases;
    }

    /**
     * {@code virDomainInterfaceAddresses}.
     *
     * @param source 0 = DHCP leases of libvirt networks, 1 = guest agent, 2 = host ARP table
     */
    public static List<InterfaceAddresses> interfaceAddresses(Domain dom, int source) {
        PointerByReference array = new PointerByReference();
        int n = LibvirtNative.INSTANCE.virDomainInterfaceAddresses(NativeHandles.of(dom), array, source, 0);
        if (n < 0) {
            throw NativeErrors.failure("get interface addresses");
        }
        List<InterfaceAddresses> result = new ArrayList<>(n);
        Pointer base = array.getValue();
        try {
            for (int i = 0; i < n; i++) {
                result.add(readInterface(base.getPointer((long) i * Native.POINTER_SIZE)));
            }
        } finally {
            for (int i = 0; i < n; i++) {
                LibvirtNative.INSTANCE.virDomainInterfaceFree(base.getPointer((long) i * Native.POINTER_SIZE));
            }
            if (base != null) {
                Native.free(Pointer.nativeValue(base));
            }
        }
        return result;
    }

    /**
     * Starts a backup job described by {@code backupXml} ({@code virDomainBackupBegin}, no checkpoint, no flags):
     * returns once the job runs; the copy proceeds in QEMU, and {@link #jobStats} tells how far it got and how it
     * ended.
     */
    public static void backupBegin(Domain dom, String backupXml) {
        if (LibvirtNative.INSTANCE.virDomainBackupBegin(NativeHandles.of(dom), backupXml, null, 0) < 0) {
            throw NativeErrors.failure("begin backup");
        }
    }

    private static final int VIR_DOMAIN_JOB_STATS_COMPLETED = 1;
    // virTypedParameter: char field[80]; int type; union { int; uint; llong; ullong; double; char b; char *s } (LP64)
    private static final int TYPED_PARAM_SIZE = 96;
    private static final int TYPED_PARAM_TYPE = 80;
    private static final int TYPED_PARAM_VALUE = 88;

    /**
     * {@code virDomainGetJobStats}: the running job's statistics, or with {@code completed} those of the last job
     * that ended (kept by libvirt until the next job starts). Numeric fields are read as longs (unsigned ones above
     * {@link Long#MAX_VALUE} do not occur for byte counts and milliseconds); {@code errmsg} is the one string kept.
     */
    public static JobStats jobStats(Domain dom, boolean completed) {
        IntByReference type = new IntByReference();
        PointerByReference params = new PointerByReference();
        IntByReference count = new IntByReference();
        if (LibvirtNative.INSTANCE.virDomainGetJobStats(NativeHandles.of(dom), type, params, count,
                completed ? VIR_DOMAIN_JOB_STATS_COMPLETED : 0) < 0) {
            throw NativeErrors.failure("get job stats");
        }
        Pointer base = params.getValue();
        int n = count.getValue();
        Map<String, Long> numbers = new LinkedHashMap<>();
        String errorMessage = null;
        try {
            for (int i = 0; i < n; i++) {
                Pointer p = base.share((long) i * TYPED_PARAM_SIZE);
                String field = p.getString(0, "US-ASCII");
                switch (p.getInt(TYPED_PARAM_TYPE)) {
                    case 1 -> numbers.put(field, (long) p.getInt(TYPED_PARAM_VALUE));
                    case 2 -> numbers.put(field, Integer.toUnsignedLong(p.getInt(TYPED_PARAM_VALUE)));
                    case 3, 4 -> numbers.put(field, p.getLong(TYPED_PARAM_VALUE));
                    case 6 -> numbers.put(field, (long) p.getByte(TYPED_PARAM_VALUE));
                    case 7 -> {
                        if ("errmsg".equals(field)) {
                            Pointer s = p.getPointer(TYPED_PARAM_VALUE);
                            errorMessage = s == null ? null : s.getString(0, "UTF-8");
                        }
                    }
                    default -> { } // doubles (compression ratios) are of no use to kvmstack
                }
            }
        } finally {
            if (base != null) {
                LibvirtNative.INSTANCE.virTypedParamsFree(base, n);
            }
        }
        return JobStats.of(type.getValue(), numbers, errorMessage);
    }

    // struct _virNetworkDHCPLease { char *iface; long long expirytime; int type; char *mac; char *iaid;
    //   char *ipaddr; unsigned int prefix; char *hostname; char *clientid; }  (LP64 offsets below)
    private static DhcpLease readLease(Pointer p) {
        return new DhcpLease(
                string(p, 0),
                Instant.ofEpochSecond(p.getLong(8)),
                p.getInt(16) == 1 ? DhcpLease.IpType.IPV6 : DhcpLease.IpType.IPV4,
                string(p, 24),
                string(p, 32),
                string(p, 40),
                p.getInt(48),
                string(p, 56),
                string(p, 64));
    }

    // struct _virDomainInterface { char *name; char *hwaddr; unsigned int naddrs; virDomainIPAddressPtr addrs; }
    // struct _virDomainInterfaceIPAddress { int type; char *addr; unsigned int prefix; }  (24 bytes on LP64)
    private static InterfaceAddresses readInterface(Pointer p) {
        int count = p.getInt(16);
        Pointer addrs = p.getPointer(24);
        List<InterfaceAddresses.IpAddress> ips = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = i * 24L;
            ips.add(new InterfaceAddresses.IpAddress(
                    addrs.getInt(at) == 1 ? DhcpLease.IpType.IPV6 : DhcpLease.IpType.IPV4,
                    string(addrs, at + 8),
                    addrs.getInt(at + 16)));
        }
        return new InterfaceAddresses(string(p, 0), string(p, 8), List.copyOf(ips));
    }

    private static String string(Pointer p, long offset) {
        Pointer s = p.getPointer(offset);
        return s == null ? null : s.getString(0, "UTF-8");
    }
}
