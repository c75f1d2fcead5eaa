package org.kvmstack.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.cli.server.CloudOnTestBed.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskDevice;
import org.kvmstack.virt.xml.domain.Domain;

/**
 * Create from an ISO (virt-install {@code --cdrom}) on real QEMU: the tiny guest's hybrid ISO (its qcow2 converted
 * back to raw) uploaded with {@code disk_format=iso}; the server boots from the CD-ROM to READY, its root disk is
 * an empty qcow2 of the flavor's size (no backing file) and the ISO is a read-only CD-ROM booted first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerFromIsoCliIT {
    private static final long GIB = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudOnTestBed cloud;
    private Path disk;

    @BeforeAll
    void start() throws Exception {
        cloud = CloudOnTestBed.start("cc-iso");
        disk = cloud.guestDisk();
    }

    @AfterAll
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aServerInstallsFromAnIsoOntoAnEmptyRootDiskOfTheFlavorSize() throws Exception {
        Path iso = cloud.dataDir().resolve("tiny-guest.iso");
        // the guest's disk.qcow2 is grub-mkrescue's hybrid ISO converted to qcow2: converting back gives the ISO
        Process convert = new ProcessBuilder("qemu-img", "convert", "-f", "qcow2", "-O", "raw", disk.toString(),
                iso.toString()).inheritIO().start();
        assertThat(convert.waitFor()).isZero();
        ok(cloud.cli("image", "create", "tiny-iso", "--file", iso.toString(), "--disk-format", "iso"));

        ok(cloud.cli("server", "create", "iso1", "--image", "tiny-iso", "--flavor", "m1.tiny",
                "--network", "kvmstack-default", "--wait"));
        String log = cloud.awaitConsoleLog("iso1", "KVMSTACK-GUEST-READY");
        assertThat(log).contains("KVMSTACK-GUEST-READY hostname=iso1");

        String id = JSON.readTree(ok(cloud.cli("server", "show", "iso1", "-o", "json")).out()).path("id").asText();
        Domain domain = Domain.parse(cloud.onHost("virsh", "-c", "qemu:///system", "dumpxml",
                HostLayout.domainName(UUID.fromString(id))).stdout());
        assertThat(domain.os().bootDevices()).containsExactly("cdrom", "hd");
        List<Disk> disks = domain.devices().disks();
        Disk root = disks.stream().filter(d -> "vda".equals(d.targetDev())).findFirst().orElseThrow();
        Disk medium = disks.stream().filter(d -> "hda".equals(d.targetDev())).findFirst().orElseThrow();
        assertThat(medium.device()).isEqualTo(DiskDevice.CDROM);
        assertThat(medium.readonly()).isTrue();
        assertThat(disks).filteredOn(d -> d.device() == DiskDevice.CDROM).extracting(Disk::targetDev)
                .doesNotHaveDuplicates();

        JsonNode info = JSON.readTree(cloud.onHost("qemu-img", "info", "--output=json", "-U", root.source()).stdout());
        assertThat(info.path("format").asText()).isEqualTo("qcow2");
        assertThat(info.path("virtual-size").asLong()).as("m1.tiny's 1 GiB").isEqualTo(GIB);
        assertThat(info.has("backing-filename")).as("an empty disk, not an overlay on the ISO").isFalse();

        ok(cloud.cli("server", "delete", "iso1", "--wait"));
        ok(cloud.cli("image", "delete", "tiny-iso"));
    }
}
