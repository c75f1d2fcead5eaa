package org.kvmstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
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
import org.kvmstack.virt.xml.domain.NetInterface;
import org.kvmstack.virt.xml.domain.Os;

class RawTwinTemplateTest {
    private static final UUID SERVER = UUID.fromString("11111111-2222-3333-4444-555555555555");

    /** A domain of the shape compute's designer writes: root overlay, config drive, file console, metadata. */
    private static String kvmstackXml() {
        return Domain.builder().type(DomainType.QEMU).name("instance-" + SERVER).uuid(SERVER).title("web-1")
                .metadata(DomainMetadata.of(new InstanceMetadata(SERVER, "p1", "m1.tiny", "img", Instant.EPOCH)))
                .memoryKib(128 * 1024).vcpus(1).os(Os.hvm("x86_64", "pc", "hd")).features(Features.of("acpi", "apic"))
                .devices(Devices.builder()
                        .disk(Disk.file("/pool/" + SERVER + ".qcow2", "qcow2", "vda", DiskBus.VIRTIO))
                        .disk(Disk.cdrom("/pool/" + SERVER + ".config.iso", "hdc", DiskBus.IDE))
                        .charDevice(CharDevice.fileSerial("/pool/" + SERVER + ".console.log", 0))
                        .netInterface(NetInterface.network("kvmstack-default", MacAddress.of("fa:16:3e:00:00:01"), "virtio"))
                        .build())
                .build().render();
    }

    @Test
    void twinKeepsTheDevicesButHasItsOwnIdentityAndFiles() {
        RawTwinTemplate template = RawTwinTemplate.of(kvmstackXml());
        GuestIdentity id = new GuestIdentity("bench-raw-0", UUID.randomUUID(), MacAddress.of("52:54:00:01:02:03"),
                "/images/twin.qcow2", "/images/twin.log");

        Domain twin = template.instantiate(id, 0);

        assertThat(template.networkName()).isEqualTo("kvmstack-default");
        assertThat(twin.name()).isEqualTo("bench-raw-0");
        assertThat(twin.uuid()).isEqualTo(id.uuid());
        assertThat(twin.metadata() == null ? null : twin.metadata().instance()).as("kvmstack's instance metadata").isNull();
        assertThat(twin.title()).isNull();
        assertThat(twin.memoryKib()).isEqualTo(128 * 1024);
        assertThat(twin.os()).isEqualTo(Domain.parse(kvmstackXml()).os());
        assertThat(twin.devices().disks()).extracting(Disk::source)
                .containsExactly("/images/twin.qcow2", "/pool/" + SERVER + ".config.iso");
        assertThat(twin.devices().interfaces()).singleElement().satisfies(nic -> {
            assertThat(nic.mac()).isEqualTo(id.mac());
            assertThat(nic.source()).isEqualTo("kvmstack-default");
        });
        assertThat(twin.devices().serials()).extracting(CharDevice::sourcePath).containsExactly("/images/twin.log");
        String xml = twin.render();
        assertThat(xml.split(SERVER.toString(), -1)).as("only the shared config drive still names the server").hasSize(2);
    }

    @Test
    void sharedFilesCanBeReadFromACopyAndMemoryOverridden() {
        RawTwinTemplate template = RawTwinTemplate.of(kvmstackXml());
        assertThat(template.sharedFiles()).containsExactly("/pool/" + SERVER + ".config.iso");
        GuestIdentity id = GuestIdentity.fresh("t", 1, "/images");

        Domain twin = template.withCopy("/pool/" + SERVER + ".config.iso", "/images/cd.iso").instantiate(id, 96 * 1024);

        assertThat(twin.devices().disks()).extracting(Disk::source).containsExactly(id.diskPath(), "/images/cd.iso");
        assertThat(twin.memoryKib()).isEqualTo(96 * 1024);
        assertThat(twin.render()).doesNotContain(SERVER.toString());
    }

    @Test
    void aPtyConsoleThatLogsToAFileLogsToTheTwinsOwnFile() {
        String xml = Domain.builder().type(DomainType.QEMU).name("instance-" + SERVER).uuid(SERVER)
                .memoryKib(128 * 1024).vcpus(1).os(Os.hvm("x86_64", "pc", "hd"))
                .devices(Devices.builder()
                        .disk(Disk.file("/pool/" + SERVER + ".qcow2", "qcow2", "vda", DiskBus.VIRTIO))
                        .charDevice(CharDevice.loggedPtySerial(0, "/pool/" + SERVER + ".console.log"))
                        .netInterface(NetInterface.network("kvmstack-default", MacAddress.of("fa:16:3e:00:00:01"), "virtio"))
                        .build())
                .build().render();
        GuestIdentity id = GuestIdentity.fresh("t", 2, "/images");

        Domain twin = RawTwinTemplate.of(xml).instantiate(id, 0);

        assertThat(twin.devices().serials()).singleElement()
                .satisfies(serial -> assertThat(serial.log().file()).isEqualTo(id.consoleLogPath()));
        assertThat(twin.render()).doesNotContain(SERVER.toString());
    }
}
