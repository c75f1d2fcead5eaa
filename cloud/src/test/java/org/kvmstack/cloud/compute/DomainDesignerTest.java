package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kvmstack.cloud.host.Host;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskBus;
import org.kvmstack.virt.xml.domain.DiskDevice;
import org.kvmstack.virt.xml.domain.Domain;

class DomainDesignerTest {
    private static final HostResources HOST = new HostResources(new Host("h1", "small", "test:///default"), true,
            "test", 2, 1024, 10, 4.0, 1.0, 1.0);

    private final DomainDesigner designer = new DomainDesigner();

    @Test
    void aServerFromADiskImageBootsItsRootDiskAndHasNoInstallMedium() {
        Domain domain = designer.design(instance(), HOST,
                new DomainDesigner.HostPaths("/pool/root.qcow2", "/pool/config.iso", "/pool/console.log"), List.of());

        assertThat(domain.os().bootDevices()).containsExactly("hd");
        assertThat(domain.devices().disks()).extracting(Disk::targetDev).containsExactly("vda", "hdc");
    }

    @Test
    void aServerFromAnIsoBootsTheReadOnlyIdeCdromFirstThenItsRootDisk() {
        Domain domain = designer.design(instance(), HOST, new DomainDesigner.HostPaths("/pool/root.qcow2", null,
                "/pool/console.log", "/pool/cache/image.iso"), List.of());

        assertThat(domain.os().bootDevices()).containsExactly("cdrom", "hd");
        assertThat(domain.os().machine()).isEqualTo("pc");
        Disk root = domain.devices().disks().get(0);
        assertThat(root.source()).isEqualTo("/pool/root.qcow2");
        assertThat(root.device()).isEqualTo(DiskDevice.DISK);
        Disk medium = domain.devices().disks().get(1);
        assertThat(medium.source()).isEqualTo("/pool/cache/image.iso");
        assertThat(medium.device()).isEqualTo(DiskDevice.CDROM);
        assertThat(medium.bus()).isEqualTo(DiskBus.IDE);
        assertThat(medium.readonly()).as("the cached ISO is shared by every server on the host").isTrue();
        assertThat(domain.devices().graphics()).as("VNC to install from").isNotEmpty();
    }

    @Test
    void theConfigDriveAndTheInstallMediumTakeDifferentIdeSlots() {
        Domain domain = designer.design(instance(), HOST, new DomainDesigner.HostPaths("/pool/root.qcow2",
                "/pool/config.iso", "/pool/console.log", "/pool/cache/image.iso"), List.of());

        assertThat(domain.devices().disks()).extracting(Disk::targetDev).containsExactly("vda", "hda", "hdc")
                .doesNotHaveDuplicates();
        assertThat(domain.devices().disks()).filteredOn(d -> d.device() == DiskDevice.CDROM)
                .extracting(Disk::source).containsExactlyInAnyOrder("/pool/config.iso", "/pool/cache/image.iso");
    }

    @Test
    void libvirtAcceptsTheIsoDesignAndKeepsBootOrderAndDisks() {
        Instance instance = instance();
        String xml = designer.design(instance, HOST, new DomainDesigner.HostPaths("/pool/root.qcow2",
                "/pool/config.iso", "/pool/console.log", "/pool/cache/image.iso"), List.of()).render();
        try (VirtConnection conn = VirtConnection.open("test:///default")) {
            conn.domains().define(xml);
            try {
                Domain defined = Domain.parse(conn.domains().xml(DomainRef.of(instance.id()), Set.of()));

                assertThat(defined.os().bootDevices()).containsExactly("cdrom", "hd");
                assertThat(defined.devices().disks()).extracting(Disk::targetDev).contains("vda", "hda", "hdc");
                assertThat(defined.devices().disks()).filteredOn(d -> "hda".equals(d.targetDev()))
                        .singleElement().satisfies(d -> assertThat(d.readonly()).isTrue());
            } finally {
                conn.domains().undefine(DomainRef.of(instance.id()), Set.of());
            }
        }
    }

    private static Instance instance() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new Instance(UUID.randomUUID(), "iso-install", "p", "u", null, "img", "1", "m1.tiny", 1, 128, 1,
                false, null, null, null, false, VmState.BUILDING, TaskState.SCHEDULING, 0, BuildStep.CLAIMED, null,
                t, t, null, false, Map.of());
    }
}
