package org.kvmstack.virt.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The libvirt.so.0 functions that libvirt-java 0.5.2 does not bind. Pointers are the raw {@code vir*Ptr} handles;
 * {@code size_t} is bound as {@link NativeLong} (LP64 Linux, the only platform kvmstack targets).
 */
interface LibvirtNative extends Library {
    LibvirtNative INSTANCE = Native.load("virt", LibvirtNative.class);

    Pointer virGetLastError();

    int virNodeGetCellsFreeMemory(Pointer conn, long[] freeMems, int startCell, int maxCells);

    Pointer virStreamNew(Pointer conn, int flags);

    int virStreamSend(Pointer stream, byte[] data, NativeLong nbytes);

    int virStreamRecv(Pointer stream, byte[] data, NativeLong nbytes);

    int virStreamFinish(Pointer stream);

    int virStreamAbort(Pointer stream);

    int virStreamFree(Pointer stream);

    int virStorageVolUpload(Pointer vol, Pointer stream, long offset, long length, int flags);

    int virStorageVolDownload(Pointer vol, Pointer stream, long offset, long length, int flags);

    int virDomainOpenConsole(Pointer dom, String devName, Pointer stream, int flags);

    int virDomainOpenGraphicsFD(Pointer dom, int idx, int flags);

    int virNetworkUpdate(Pointer net, int command, int section, int parentIndex, String xml, int flags);

    int virNetworkGetDHCPLeases(Pointer net, String mac, PointerByReference leases, int flags);

    void virNetworkDHCPLeaseFree(Pointer lease);

    int virConnectListAllDomains(Pointer conn, PointerByReference domains, int flags);

    int virConnectListAllNetworks(Pointer conn, PointerByReference nets, int flags);

    int virConnectListAllStoragePools(Pointer conn, PointerByReference pools, int flags);

    int virDomainGetUUIDString(Pointer dom, byte[] buf);

    Pointer virDomainDefineXMLFlags(Pointer conn, String xml, int flags);

    int virDomainFree(Pointer dom);

    String virNetworkGetName(Pointer net);

    int virNetworkFree(Pointer net);

    String virStoragePoolGetName(Pointer pool);

    int virStoragePoolFree(Pointer pool);

    int virStoragePoolListAllVolumes(Pointer pool, PointerByReference vols, int flags);

    String virStorageVolGetName(Pointer vol);

    int virStorageVolFree(Pointer vol);

    int virDomainInterfaceAddresses(Pointer dom, PointerByReference ifaces, int source, int flags);

    void virDomainInterfaceFree(Pointer iface);

    int virDomainBackupBegin(Pointer dom, String backupXml, String checkpointXml, int flags);

    int virDomainGetJobStats(Pointer dom, IntByReference type, PointerByReference params, IntByReference nparams,
                             int flags);

    void virTypedParamsFree(Pointer params, int nparams);
}
