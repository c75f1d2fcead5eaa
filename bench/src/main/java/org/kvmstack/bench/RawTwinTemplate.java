package org.kvmstack.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kvmstack.virt.xml.domain.CharDevice;
import org.kvmstack.virt.xml.domain.CharDeviceLog;
import org.kvmstack.virt.xml.domain.Devices;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskDevice;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.NetInterface;

/**
 * The domain kvmstack generated for one of its servers (its inactive XML), made into a template for raw-libvirt
 * twins: kvmstack's own bits are dropped (metadata, title), and each twin gets its own name, UUID, MAC, root disk
 * and console log. Everything else — devices, machine, features, the config drive (read-only) — stays as kvmstack
 * wrote it, so that raw libvirt starts exactly the same guest.
 */
public final class RawTwinTemplate implements DomainTemplate {
    private final Domain source;
    private final String network;
    private final String sourceName;
    private final Map<String, String> copiedFiles;

    private RawTwinTemplate(Domain source, String network, String sourceName, Map<String, String> copiedFiles) {
        this.source = source;
        this.network = network;
        this.sourceName = sourceName;
        this.copiedFiles = Map.copyOf(copiedFiles);
    }

    /**
     * @throws IllegalArgumentException when the domain has no root disk or no NIC on a libvirt network
     */
    public static RawTwinTemplate of(String inactiveXml) {
        Domain domain = Domain.parse(inactiveXml);
        Devices devices = domain.devices();
        if (devices == null || rootDisk(devices) == null) {
            throw new IllegalArgumentException("domain " + domain.name() + " has no writable disk to overlay");
        }
        if (devices.interfaces().isEmpty() || devices.interfaces().get(0).source() == null) {
            throw new IllegalArgumentException("domain " + domain.name() + " has no NIC on a libvirt network");
        }
        return new RawTwinTemplate(domain, devices.interfaces().get(0).source(), domain.name(), Map.of());
    }

    /** The files the twins share (read-only: the config drive), as kvmstack wrote them. */
    public List<String> sharedFiles() {
        return source.devices().disks().stream().filter(disk -> disk != rootDisk(source.devices()) && disk.source() != null)
                .map(Disk::source).toList();
    }

    /**
     * The same template with a shared file read from a copy, so that the twins outlive the kvmstack server whose
     * file it was.
     */
    public RawTwinTemplate withCopy(String original, String copy) {
        Map<String, String> copies = new HashMap<>(copiedFiles);
        copies.put(original, copy);
        return new RawTwinTemplate(source, network, sourceName, copies);
    }

    @Override
    public Domain instantiate(GuestIdentity id, long memoryKib) {
        Devices d = source.devices();
        Disk root = Objects.requireNonNull(rootDisk(d));
        List<Disk> disks = new ArrayList<>();
        for (Disk disk : d.disks()) {
            disks.add(disk == root ? new Disk(disk.type(), disk.device(), disk.driver(), id.diskPath(), disk.targetDev(),
                    disk.bus(), disk.readonly(), null, disk.bootOrder())
                    : disk.source() != null && copiedFiles.containsKey(disk.source())
                    ? new Disk(disk.type(), disk.device(), disk.driver(), copiedFiles.get(disk.source()), disk.targetDev(),
                            disk.bus(), disk.readonly(), disk.serial(), disk.bootOrder())
                    : disk);
        }
        List<NetInterface> nics = new ArrayList<>();
        for (int i = 0; i < d.interfaces().size(); i++) {
            NetInterface n = d.interfaces().get(i);
            // Only the first NIC gets the measured MAC; a second one would need its own, so it gets none (libvirt picks).
            nics.add(new NetInterface(n.type(), i == 0 ? id.mac() : null, n.source(), n.model(), n.filterRef(), null, n.bootOrder()));
        }
        Devices devices = new Devices(d.emulator(), disks, d.controllers(), nics, d.graphics(),
                withLog(d.serials(), id), withLog(d.consoles(), id), d.channels(), d.videos(), d.memBalloon(), d.rngs());
        return source.toBuilder()
                .id(null)
                .name(id.name())
                .uuid(id.uuid())
                .title(null)
                .metadata(null)
                .memoryKib(memoryKib > 0 ? memoryKib : source.memoryKib())
                .currentMemoryKib(memoryKib > 0 ? Long.valueOf(memoryKib) : source.currentMemoryKib())
                .devices(devices)
                .build();
    }

    @Override
    public String networkName() {
        return network;
    }

    @Override
    public String origin() {
        return "kvmstack's inactive XML of " + sourceName + " (metadata and title dropped; fresh name, UUID, MAC, overlay, console log)";
    }

    private static Disk rootDisk(Devices devices) {
        return devices.disks().stream().filter(disk -> disk.device() == DiskDevice.DISK && !disk.readonly())
                .findFirst().orElse(null);
    }

    // kvmstack's serial console writes to a log file beside the disk; a twin writing to the same file would mix them.
    private static List<CharDevice> withLog(List<CharDevice> devices, GuestIdentity id) {
        // A file-backed console has the path as its source; kvmstack's pty console logs through <log file>.
        return devices.stream().map(c -> {
            if (c.log() != null) {
                return new CharDevice(c.kind(), c.type(), c.sourcePath(), c.sourceMode(), c.targetType(), c.targetPort(),
                        c.targetName(), new CharDeviceLog(id.consoleLogPath(), c.log().append()));
            }
            return c.sourcePath() == null ? c
                    : new CharDevice(c.kind(), c.type(), id.consoleLogPath(), c.sourceMode(), c.targetType(),
                            c.targetPort(), c.targetName());
        }).toList();
    }
}
