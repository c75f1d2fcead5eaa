package org.kvmstack.virt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.JobStats;
import org.kvmstack.virt.UndefineFlag;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;

/**
 * Live backup of a running guest's qcow2 overlay ({@code Domains.backupDisk}) against a real libvirtd + QEMU in a
 * namespace of our own: the copy is a standalone qcow2 with the guest's view (base included), the guest keeps
 * running, and its disk chain is untouched.
 */
class DomainBackupIT {
    private static NamespacedLibvirtd libvirtd;
    private static VirtConnection conn;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(NamespacedLibvirtd.available()).as("needs root and libvirtd").isTrue();
        libvirtd = NamespacedLibvirtd.start();
        conn = VirtConnection.open(libvirtd.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    @Test
    void backupOfARunningGuestIsAFlattenedStandaloneCopyAndTheGuestKeepsRunning() throws Exception {
        Path dir = Files.createDirectories(libvirtd.dataDir().resolve("backup-" + UUID.randomUUID()));
        Path base = dir.resolve("base.qcow2");
        Path overlay = dir.resolve("disk.qcow2");
        Path copy = dir.resolve("copy.qcow2");
        tool("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "64M");
        tool("qemu-io", "-f", "qcow2", "-c", "write -P 0xab 0 1M", base.toString()); // only in the base
        tool("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", overlay.toString());
        tool("qemu-io", "-f", "qcow2", "-c", "write -P 0xcd 8M 1M", overlay.toString()); // only in the top

        UUID uuid = UUID.randomUUID();
        DomainRef ref = DomainRef.of(uuid);
        conn.domains().define(withDisk(Guests.kernelOnly("vc-backup-" + uuid.toString().substring(0, 6), uuid,
                TestKernel.get()), overlay));
        try {
            conn.domains().start(ref);
            assertThat(conn.domains().abortBackup(ref)).as("no backup runs yet").isFalse();
            List<JobStats> progress = new ArrayList<>();

            JobStats done = conn.domains().backupDisk(ref, "vda", copy.toString(), Duration.ofMinutes(2),
                    progress::add);

            assertThat(done.type()).isEqualTo(JobStats.Type.COMPLETED);
            assertThat(done.operation()).isEqualTo(JobStats.Operation.BACKUP);
            assertThat(done.dataTotal()).as("bytes copied, from %s", done.fields()).isPositive();
            assertThat(progress).allSatisfy(p -> assertThat(p.operation()).isEqualTo(JobStats.Operation.BACKUP));
            assertThat(conn.domains().get(ref).state()).as("the guest keeps running").isEqualTo(DomainState.RUNNING);
            String info = tool("qemu-img", "info", "-U", copy.toString());
            assertThat(info).contains("file format: qcow2").doesNotContain("backing file");
            assertThat(tool("qemu-img", "compare", "-U", overlay.toString(), copy.toString()))
                    .contains("Images are identical");
            assertThat(conn.domains().xml(ref, Set.of())).as("the guest still writes its own overlay")
                    .contains(overlay.toString()).doesNotContain(copy.toString());
            assertThat(tool("qemu-img", "info", "-U", overlay.toString())).contains("backing file: " + base);
        } finally {
            conn.domains().destroy(ref);
            conn.domains().undefine(ref, Set.of(UndefineFlag.MANAGED_SAVE, UndefineFlag.SNAPSHOTS_METADATA));
        }
    }

    @Test
    void aBackupThatOutlivesItsTimeoutIsAbortedAndLeavesNoJobRunning() throws Exception {
        Path dir = Files.createDirectories(libvirtd.dataDir().resolve("backup-" + UUID.randomUUID()));
        Path disk = dir.resolve("big.qcow2");
        Path copy = dir.resolve("partial.qcow2");
        tool("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "1G");
        tool("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 1G", disk.toString()); // 1 GiB to copy: not instant
        UUID uuid = UUID.randomUUID();
        DomainRef ref = DomainRef.of(uuid);
        conn.domains().define(withDisk(Guests.kernelOnly("vc-backup-" + uuid.toString().substring(0, 6), uuid,
                TestKernel.get()), disk));
        try {
            conn.domains().start(ref);
            List<JobStats> seen = new ArrayList<>();

            assertThatThrownBy(() -> conn.domains().backupDisk(ref, "vda", copy.toString(), Duration.ZERO, seen::add))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(VirtErrorKind.OPERATION_TIMEOUT));

            assertThat(seen).as("the job was running when the timeout hit").isNotEmpty();
            assertThat(conn.domains().jobStats(ref, false).isActive()).as("no job left running").isFalse();
            assertThat(conn.domains().jobStats(ref, true).type()).isEqualTo(JobStats.Type.CANCELLED);
            assertThat(conn.domains().get(ref).state()).isEqualTo(DomainState.RUNNING);
            assertThat(conn.domains().abortBackup(ref)).as("nothing left to abort").isFalse();
        } finally {
            conn.domains().destroy(ref);
            conn.domains().undefine(ref, Set.of());
            Files.deleteIfExists(copy);
            Files.deleteIfExists(disk);
        }
    }

    @Test
    void backupOfAStoppedGuestIsRefusedAsUnsupported() throws Exception {
        Path dir = Files.createDirectories(libvirtd.dataDir().resolve("backup-" + UUID.randomUUID()));
        Path disk = dir.resolve("disk.qcow2");
        tool("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "16M");
        UUID uuid = UUID.randomUUID();
        DomainRef ref = DomainRef.of(uuid);
        conn.domains().define(withDisk(Guests.kernelOnly("vc-backup-" + uuid.toString().substring(0, 6), uuid,
                TestKernel.get()), disk));
        try {
            assertThatThrownBy(() -> conn.domains().backupDisk(ref, "vda", dir.resolve("c.qcow2").toString(),
                    Duration.ofSeconds(30), p -> { }))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(VirtErrorKind.UNSUPPORTED));
            assertThat(dir.resolve("c.qcow2")).doesNotExist();
        } finally {
            conn.domains().undefine(ref, Set.of());
        }
    }

    private static String withDisk(String domainXml, Path disk) {
        // test-local XML: the guest definition of Guests plus one virtio disk
        return domainXml.replace("<devices>", """
                <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='%s'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>""".formatted(disk));
    }

    private static String tool(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
