package org.kvmstack.testbed;

import java.nio.file.Path;
import java.util.UUID;
import org.kvmstack.virt.xml.MacAddress;
import org.kvmstack.virt.xml.domain.CharDevice;
import org.kvmstack.virt.xml.domain.Devices;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskBus;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.DomainType;
import org.kvmstack.virt.xml.domain.Features;
import org.kvmstack.virt.xml.domain.NetInterface;
import org.kvmstack.virt.xml.domain.Os;

/**
 * The project's tiny guest as a test-bed domain: TCG ({@code type='qemu'}, the hosts have no KVM), 256 MiB,
 * BIOS boot from a qcow2 virtio disk, one virtio NIC on the host's lab network, serial console on a pty.
 */
final class TinyGuestDomain {
    private TinyGuestDomain() {
    }

    static Domain of(String name, UUID uuid, MacAddress mac, Path disk) {
        return Domain.builder()
                .type(DomainType.QEMU)
                .name(name)
                .uuid(uuid)
                .memoryKib(256 * 1024)
                .vcpus(1)
                .os(Os.hvm("x86_64", "pc", "hd"))
                // Without ACPI and APIC the guest kernel does not enumerate PCI, so no virtio devices (machine-facts).
                .features(Features.of("acpi", "apic"))
                .devices(Devices.builder()
                        .disk(Disk.file(disk.toString(), "qcow2", "vda", DiskBus.VIRTIO))
                        .netInterface(NetInterface.network(LabNetworkXml.NETWORK_NAME, mac, "virtio"))
                        .charDevice(CharDevice.ptySerial(0))
                        .charDevice(CharDevice.ptyConsole(0))
                        .build())
                .build();
    }
}
