package org.kvmstack.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BedStateTest {
    @TempDir
    Path dir;

    @Test
    void journalReadsBackInOrder() {
        Journal journal = new Journal(dir.resolve("journal"));
        assertThat(journal.entries()).isEmpty();
        journal.record(Journal.Kind.NETNS, "ks-0001-fab");
        journal.record(Journal.Kind.HOST, "1", "ks-0001-h1", "/x/ns/h1.mnt");
        assertThat(journal.entries()).containsExactly(
                new Journal.Entry(Journal.Kind.NETNS, List.of("ks-0001-fab")),
                new Journal.Entry(Journal.Kind.HOST, List.of("1", "ks-0001-h1", "/x/ns/h1.mnt")));
    }

    @Test
    void journalRefusesArgumentsThatWouldBreakItsLines() {
        Journal journal = new Journal(dir.resolve("journal"));
        assertThatThrownBy(() -> journal.record(Journal.Kind.MOUNT, "/a\tb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal.record(Journal.Kind.MOUNT, "/a\nNETNS\tx")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bedRecordRoundTripsAndKnowsADeadOwner() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        BedRecord record = new BedRecord("ks-abcd", 2, Ipv4Prefix.parse("10.200.32.0/20"), gone.pid(),
                Optional.of(Instant.parse("2020-01-01T00:00:00Z")), false);
        record.write(dir.resolve("bed.properties"));
        assertThat(BedRecord.read(dir.resolve("bed.properties"))).isEqualTo(record);
        assertThat(record.ownerAlive()).isFalse();
        assertThat(BedRecord.ofCurrentProcess("ks-abcd", 1, record.block(), false).ownerAlive()).isTrue();
    }

    @Test
    void layoutNamesNamespacesAfterTheBed() {
        BedLayout layout = new BedLayout(Path.of("/var/lib/kvmstack-testbed"), "ks-abcd");
        assertThat(layout.hostNetns(2)).isEqualTo("ks-abcd-h2");
        assertThat(layout.fabricNetns()).isEqualTo("ks-abcd-fab");
        assertThat(layout.libvirtSocket(1)).isEqualTo(Path.of("/var/lib/kvmstack-testbed/ks-abcd/h1/run/libvirt/libvirt-sock"));
        assertThat(BedLayout.of(Path.of("/var/lib/kvmstack-testbed/ks-abcd")).bedName()).isEqualTo("ks-abcd");
        assertThatThrownBy(() -> new BedLayout(Path.of("/tmp"), "../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BedLayout(Path.of("/tmp"), "Ks")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configRefusesAStateRootTheHostsWouldMountOver() {
        assertThatThrownBy(() -> TestBedConfig.hosts(1).withStateRoot(Path.of("/run/kvmstack")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mounts over");
        assertThatThrownBy(() -> TestBedConfig.hosts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestBedConfig.hosts(16)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TestBedConfig.hosts(2).withStateRoot(dir).stateRoot()).isEqualTo(dir);
    }

    @Test
    void mountTableDecodesEscapedMountPoints() {
        MountTable table = MountTable.parse("""
                27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
                70 42 0:4 mnt:[4026532246] /var/lib/kvmstack-testbed/ks-abcd/ns/h1.mnt rw - nsfs nsfs rw
                71 27 254:0 /x /tmp/with\\040space rw shared:3 - ext4 /dev/vda rw
                """);
        assertThat(table.isMountPoint(Path.of("/tmp/with space"))).isTrue();
        assertThat(table.under(Path.of("/var/lib/kvmstack-testbed/ks-abcd")))
                .containsExactly(new MountTable.Mount("/var/lib/kvmstack-testbed/ks-abcd/ns/h1.mnt", "nsfs"));
        assertThat(table.under(Path.of("/var/lib/kvmstack-testbed/ks-ab"))).isEmpty();
    }

    @Test
    void hostCommandsEnterAllThreeNamespaces() {
        assertThat(NamespaceCommands.inHost(Path.of("/b/ns/h1.mnt"), Path.of("/b/ns/h1.uts"), "ks-abcd-h1", List.of("virsh", "list")))
                .containsExactly("nsenter", "--mount=/b/ns/h1.mnt", "--uts=/b/ns/h1.uts", "--net=/run/netns/ks-abcd-h1", "--", "virsh", "list");
    }

    @Test
    void commandRunnerReportsExitCodesAndTimeouts() {
        CommandRunner runner = new CommandRunner(java.time.Duration.ofSeconds(10));
        assertThat(runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3")))
                .satisfies(r -> {
                    assertThat(r.exitCode()).isEqualTo(3);
                    assertThat(r.stdout()).isEqualTo("out\n");
                    assertThat(r.stderr()).isEqualTo("err\n");
                });
        CommandResult slow = runner.run(List.of("sleep", "5"), java.time.Duration.ofMillis(200));
        assertThat(slow.timedOut()).isTrue();
        assertThatThrownBy(slow::orThrow).isInstanceOf(CommandFailedException.class).hasMessageContaining("timed out");
    }
}
