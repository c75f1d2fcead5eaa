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
 */
final class DomainDesigner {
    /** Paths on the host of the files a domain uses. */
    record HostPaths(String rootDisk, String configDrive, String consoleLog) {
    }

    Domain design(Instance instance, HostResources host, HostPaths paths, List<InstancePort> ports) {
        Devices.Builder devices = Devices.builder()
                .disk(Disk.file(paths.rootDisk(), "qcow2", "vda", DiskBus.VIRTIO))
                .charDevice(CharDevice.loggedPtySerial(0, paths.consoleLog()))
                .graphics(VncGraphics.autoport("127.0.0.1"))
                .memBalloon(new MemBalloon("virtio", null));
        if (paths.configDrive() != null) {
            devices.disk(Disk.cdrom(paths.configDrive(), "hdc", DiskBus.IDE));
        }
        for (InstancePort port : ports) {
            devices.netInterface(NetInterface.network(port.libvirtNetwork(), MacAddress.of(port.mac()), "virtio"));
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
                .os(Os.hvm("x86_64", "pc", "hd"))
                .features(Features.of("acpi", "apic"))
                .onPoweroff(LifecycleAction.DESTROY)
                .onReboot(LifecycleAction.RESTART)
                .onCrash(LifecycleAction.DESTROY)
                .devices(devices.build())
                .build();
    }
}
