package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.flavor.FlavorSpec;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.XmlFlag;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskDevice;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.storage.StorageVolume;

/** Create from an ISO through the build flow on libvirt's test driver: empty root disk, CD-ROM, boot order. */
class IsoInstallBuildTest {
    private static final long GIB = 1L << 30;

    private ComputeFixture fx;

    @BeforeEach
    void start(@TempDir Path dir) {
        fx = ComputeFixture.onTestDriver(dir);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void anIsoServerGetsAnEmptyRootDiskOfTheFlavorSizeAndBootsTheIsoFirst() {
        Instance created = fx.compute.create(ComputeFixture.ALICE, iso("installer-1", "1"));
        Instance server = fx.compute.get(ComputeFixture.ALICE, created.id());

        assertThat(server.status()).as("an ISO bigger than the flavor's disk is fine").isEqualTo("ACTIVE");
        StorageVolume root = StorageVolume.parse(fx.host().storage().volumeXml(HostLayout.POOL_NAME,
                HostLayout.rootDiskVolume(server.id())));
        assertThat(root.capacityBytes()).as("m1.tiny's disk").isEqualTo(GIB);
        assertThat(root.backingStore()).as("not an overlay on the ISO").isNull();
        Domain domain = Domain.parse(fx.host().domains().xml(DomainRef.of(server.id()), Set.of(XmlFlag.INACTIVE)));
        assertThat(domain.os().bootDevices()).containsExactly("cdrom", "hd");
        assertThat(domain.devices().disks()).filteredOn(d -> d.device() == DiskDevice.CDROM).singleElement()
                .satisfies(d -> {
                    assertThat(d.source()).endsWith(HostLayout.baseImageVolume("cd".repeat(32), "iso"));
                    assertThat(d.readonly()).isTrue();
                    assertThat(d.targetDev()).isEqualTo("hda");
                });
        assertThat(domain.devices().graphics()).isNotEmpty();
    }

    @Test
    void aDiskImageServerStillBootsItsOverlayOnly() {
        Instance server = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("plain"));

        Domain domain = Domain.parse(fx.host().domains().xml(DomainRef.of(server.id()), Set.of(XmlFlag.INACTIVE)));
        assertThat(domain.os().bootDevices()).containsExactly("hd");
        assertThat(domain.devices().disks()).extracting(Disk::device).doesNotContain(DiskDevice.CDROM);
    }

    @Test
    void aFlavorWithoutARootDiskIsRefusedForAnIsoAndNothingIsRecorded() {
        fx.flavors.create(FlavorSpec.of("0d", "no.disk", 1, 128, 0));

        assertThatThrownBy(() -> fx.compute.create(ComputeFixture.ALICE, iso("installer-2", "0d")))
                .isInstanceOf(BadRequest.class).hasMessageContaining("is an ISO");
        assertThat(fx.instances.list(ComputeFixture.ALICE.projectId(), true)).isEmpty();
    }

    private static ServerCreateRequest iso(String name, String flavor) {
        return new ServerCreateRequest(name, PoolImages.ISO_IMAGE_ID, flavor, 1, null, null, Map.of(), false);
    }
}
