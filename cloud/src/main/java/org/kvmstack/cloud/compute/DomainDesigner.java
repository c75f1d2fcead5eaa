package org.kvmstack.cloud.compute;

import java.util.List;
import java.util.Locale;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.virt.xml.MacAddress;
import org.kvmstack.virt.xml.domain.CharDevice;
import org.kvmstack.virt.xml.domain.Devices;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskBus;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.DomainMetadata;
import org.kvmstack.virt.xml.domain.DomainType;
import org.kvmstack.virt.xml.domain.Features;
import org.kvmstack.virt.xml.domain.InstanceMetadata;
import org.kvmstack.virt.xml.domain.LifecycleAction;
import org.kvmstack.virt.xml.domain.MemBalloon;
import org.kvmstack.virt.xml.domain.NetInterface;
import org.kvmstack.virt.xml.domain.Os;
import org.kvmstack.virt.xml.domain.Vcpu;
import org.kvmstack.virt.xml.domain.VncGraphics;

/**
 * The policy of a server's domain (the typed model holds none): machine {@code pc} so that the config
 * drive is an IDE CD-ROM the cloud kernel sees (it has no AHCI), virtio disk and network, ACPI and APIC
 * (without them the guest kernel finds no PCI devices), the first serial port an interactive pty (what
 * {@code virDomainOpenConsole} attaches to) whose output libvirt also appends to a console log file beside
 * the disk (what {@code os-getConsoleOutput} reads, from any host, through the pool; appending keeps the
 * boot of every start, as a reboot or stop/start must not lose what came before), VNC on
 * the host's loopback only, and the instance UUID as the libvirt UUID with kvmstack metadata.
 *
 * <p>A server installed from an ISO (virt-install {@code --cdrom}) also gets the ISO as a read-only IDE CD-ROM on
 * {@value #INSTALL_MEDIUM_TARGET} (the first IDE slot, so it never meets the config drive on
 * {@value #CONFIG_DRIVE_TARGET}) and boots from the CD-ROM first, then from the (empty) root disk — once the
 * installer wrote a boot loader, a guest that ejects or ignores the CD-ROM boots from disk.
 */
final class DomainDesigner {
    /** The root disk's target device; a live snapshot names it to the backup job. */
    static final String ROOT_DISK_TARGET = "vda";
    static final String INSTALL_MEDIUM_TARGET = "hda";
    static final String CONFIG_DRIVE_TARGET = "hdc";

    /**
     * Paths on the host of the files a domain uses.
     *
     * @param configDrive   the config drive ISO, null without one
     * @param installMedium the ISO the server installs from, null when it boots its root disk
     */
    record HostPaths(String rootDisk, String configDrive, String consoleLog, String installMedium) {
        HostPaths(String rootDisk, String configDrive, String consoleLog) {
            this(rootDisk, configDrive, consoleLog, null);
        }

        HostPaths withConfigDrive(String drive) {
            return new HostPaths(rootDisk, drive, consoleLog, installMedium);
        }
    }

    /**
     * The port's NIC on its network's bridge, as Nova's libvirt driver attaches Linux-bridge ports: starting such a
     * domain does not pass through libvirt's network driver, which holds a start until an in-flight live update
     * of the network (another server's DHCP reservation) is done. The network's dnsmasq on that bridge still
     * serves the port's reservation. A port whose bridge is unknown attaches to the network itself.
     */
    static NetInterface nic(InstancePort port) {
        MacAddress mac = MacAddress.of(port.mac());
        return port.bridge().isBlank() ? NetInterface.network(port.libvirtNetwork(), mac, "virtio")
                : NetInterface.bridge(port.bridge(), mac, "virtio");
    }

    Domain design(Instance instance, HostResources host, HostPaths paths, List<InstancePort> ports) {
        Devices.Builder devices = Devices.builder()
                .disk(Disk.file(paths.rootDisk(), "qcow2", ROOT_DISK_TARGET, DiskBus.VIRTIO))
                .charDevice(CharDevice.loggedPtySerial(0, paths.consoleLog()))
                .graphics(VncGraphics.autoport("127.0.0.1"))
                .memBalloon(new MemBalloon("virtio", null));
        if (paths.installMedium() != null) {
            devices.disk(Disk.cdrom(paths.installMedium(), INSTALL_MEDIUM_TARGET, DiskBus.IDE));
        }
        if (paths.configDrive() != null) {
            devices.disk(Disk.cdrom(paths.configDrive(), CONFIG_DRIVE_TARGET, DiskBus.IDE));
        }
        for (InstancePort port : ports) {
            devices.netInterface(nic(port));
        }
        return Domain.builder()
                .type(DomainType.valueOf(host.domainType().toUpperCase(Locale.ROOT)))
                .name(HostLayout.domainName(instance.id()))
                .uuid(instance.id())
                .title(instance.name())
                .metadata(DomainMetadata.of(new InstanceMetadata(instance.id(), instance.projectId(),
                        instance.flavorName(), instance.imageId(), instance.createdAt())))
                .memoryKib(instance.memoryMb() * 1024L)
                .vcpu(Vcpu.of(instance.vcpus()))
                .os(paths.installMedium() != null ? Os.hvm("x86_64", "pc", "cdrom", "hd") : Os.hvm("x86_64", "pc", "hd"))
                .features(Features.of("acpi", "apic"))
                .onPoweroff(LifecycleAction.DESTROY)
                .onReboot(LifecycleAction.RESTART)
                .onCrash(LifecycleAction.DESTROY)
                .devices(devices.build())
                .build();
    }
}
