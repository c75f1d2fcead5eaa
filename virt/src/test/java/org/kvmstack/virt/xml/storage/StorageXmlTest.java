package org.kvmstack.virt.xml.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.xml.Fixtures;
import org.kvmstack.virt.xml.XmlParseException;

class StorageXmlTest {
    @Test
    void dirPoolWithPermissionsRoundTrips() {
        StoragePool pool = new StoragePool("dir", "images", UUID.fromString("dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"),
                null, null, null, "/var/lib/kvmstack/images", new Permissions("0711", 0L, 0L, null));

        assertThat(StoragePool.parse(pool.render())).isEqualTo(pool);
    }

    @Test
    void testDriverPoolParsesWithItsSizesAndRoundTrips() {
        StoragePool pool = StoragePool.parse(Fixtures.read("test-driver-pool.xml"));

        assertThat(pool.name()).isEqualTo("default-pool");
        assertThat(pool.type()).isEqualTo("dir");
        assertThat(pool.targetPath()).isEqualTo("/default-pool");
        assertThat(pool.capacityBytes()).isEqualTo(107374182400L);
        assertThat(pool.allocationBytes()).isZero();
        assertThat(StoragePool.parse(pool.render())).isEqualTo(pool);
    }

    @Test
    void qcow2OverlayAndRawVolumesRoundTrip() {
        StorageVolume overlay = StorageVolume.qcow2("vm-1.qcow2", 10L << 30, new BackingStore("/images/base.img", "raw"));
        StorageVolume raw = StorageVolume.raw("data.img", 1L << 30, 0L);

        assertThat(StorageVolume.parse(overlay.render())).isEqualTo(overlay);
        assertThat(StorageVolume.parse(raw.render())).isEqualTo(raw);
    }

    @Test
    void testDriverVolumeParsesWithBackingStore() {
        StorageVolume volume = StorageVolume.parse(Fixtures.read("test-driver-volume-overlay.xml"));

        assertThat(volume.name()).isEqualTo("overlay.qcow2");
        assertThat(volume.key()).isEqualTo("/default-pool/overlay.qcow2");
        assertThat(volume.targetPath()).isEqualTo("/default-pool/overlay.qcow2");
        assertThat(volume.capacityBytes()).isEqualTo(10L << 30);
        assertThat(volume.format()).isEqualTo("qcow2");
        assertThat(volume.backingStore()).isEqualTo(new BackingStore("/default-pool/base.img", "raw"));
        assertThat(StorageVolume.parse(volume.render())).isEqualTo(volume);
    }

    @Test
    void capacityInAnyLibvirtUnitIsReadAsBytes() {
        StorageVolume v = StorageVolume.parse("<volume><name>v</name><capacity unit='G'>2</capacity>"
                + "<allocation unit='MB'>3</allocation><backingStore/></volume>");

        assertThat(v.capacityBytes()).isEqualTo(2L << 30);
        assertThat(v.allocationBytes()).isEqualTo(3_000_000L);
        assertThat(v.backingStore()).isNull();
    }

    @Test
    void validationNamesTheProblem() {
        assertThatThrownBy(() -> StorageVolume.raw("v", 0, null)).hasMessageContaining("volume capacity must be positive");
        assertThatThrownBy(() -> StorageVolume.raw("", 1, null)).hasMessageContaining("volume name");
        assertThatThrownBy(() -> StorageVolume.raw("../etc", 1, null)).hasMessageContaining("'/'");
        assertThatThrownBy(() -> StoragePool.dir("p", null, "relative")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new Permissions("rwx", null, null, null)).hasMessageContaining("octal");
        assertThatThrownBy(() -> StorageVolume.parse("<volume><name>v</name><capacity unit='bits'>1</capacity></volume>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("unit");
    }
}
