package org.kvmstack.virt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StorageTest {
    private static VirtConnection conn;

    @BeforeAll
    static void open() {
        conn = VirtConnection.open("test:///default");
    }

    @AfterAll
    static void close() {
        conn.close();
    }

    private static String poolXml(String name) {
        return """
                <pool type='dir'>
                  <name>%s</name>
                  <target><path>/nonexistent/%s</path></target>
                </pool>
                """.formatted(name, name);
    }

    private static String volumeXml(String name, long bytes) {
        return """
                <volume>
                  <name>%s</name>
                  <capacity unit='bytes'>%d</capacity>
                  <target><format type='raw'/></target>
                </volume>
                """.formatted(name, bytes);
    }

    @Test
    void poolAndVolumeLifecycle() {
        String pool = TestDomains.uniqueName("pool");
        Storage storage = conn.storage();
        PoolSummary defined = storage.definePool(poolXml(pool));
        assertThat(defined.state()).isEqualTo(PoolSummary.State.INACTIVE);
        storage.buildPool(pool);
        storage.startPool(pool);
        storage.refreshPool(pool);
        assertThat(storage.pool(pool).state()).isEqualTo(PoolSummary.State.RUNNING);
        assertThat(storage.pools()).extracting(PoolSummary::name).contains(pool, "default-pool");
        try {
            VolumeSummary vol = storage.createVolume(pool, volumeXml("disk1.img", 1 << 20));
            assertThat(vol.name()).isEqualTo("disk1.img");
            assertThat(vol.capacity()).isEqualTo(1 << 20);
            assertThat(vol.path()).endsWith("/disk1.img");

            VolumeSummary copy = storage.cloneVolume(pool, volumeXml("disk2.img", 1 << 20), pool, "disk1.img");
            assertThat(copy.name()).isEqualTo("disk2.img");
            assertThat(storage.volumes(pool)).extracting(VolumeSummary::name)
                    .containsExactlyInAnyOrder("disk1.img", "disk2.img");
            assertThat(storage.volumeXml(pool, "disk1.img")).contains("disk1.img");

            storage.deleteVolume(pool, "disk2.img");
            storage.deleteVolume(pool, "disk2.img");
            assertThat(storage.findVolume(pool, "disk2.img")).isEmpty();
            assertThatThrownBy(() -> storage.volume(pool, "disk2.img"))
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.kind()).isEqualTo(VirtErrorKind.NO_SUCH_VOLUME);
                        assertThat(e.code()).isEqualTo(LibvirtCodes.NO_STORAGE_VOL);
                    });
            assertThatThrownBy(() -> storage.createVolume(pool, volumeXml("disk1.img", 1 << 20)))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(VirtErrorKind.ALREADY_EXISTS));
        } finally {
            storage.deleteVolume(pool, "disk1.img");
            storage.destroyPool(pool);
            storage.undefinePool(pool);
        }
        assertThat(storage.findPool(pool)).isEmpty();
        assertThatThrownBy(() -> storage.pool(pool)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(LibvirtCodes.NO_STORAGE_POOL));
    }

    @Test
    void uploadBindingReachesLibvirtAndKeepsItsCode() {
        // The test driver has no volume streams; StorageStreamsIT does the real round trip.
        Storage storage = conn.storage();
        String vol = TestDomains.uniqueName("up");
        storage.createVolume("default-pool", volumeXml(vol, 4096));
        try {
            assertThatThrownBy(() -> storage.upload("default-pool", vol, new ByteArrayInputStream(new byte[16]), 16))
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.kind()).isEqualTo(VirtErrorKind.UNSUPPORTED);
                        assertThat(e.libvirtMessage()).contains("virStorageVolUpload");
                    });
            assertThatThrownBy(() -> storage.download("default-pool", vol, new java.io.ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.libvirtMessage()).contains("virStorageVolDownload"));
        } finally {
            storage.deleteVolume("default-pool", vol);
        }
    }
}
