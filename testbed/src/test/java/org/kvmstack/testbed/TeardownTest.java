package org.kvmstack.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tear-down of a bed whose resources were journaled but never created: the case of a start killed at once. */
class TeardownTest {
    @TempDir
    Path root;

    @Test
    void undoesEntriesWhoseResourcesNeverExistedAndRemovesTheDirectory() throws Exception {
        BedLayout layout = new BedLayout(root, "ks-gone");
        Files.createDirectories(layout.hostDir(1).resolve("run"));
        Journal journal = new Journal(layout.journal());
        journal.record(Journal.Kind.MOUNT, layout.nsDir().toString());
        journal.record(Journal.Kind.NETNS, "ks-gone-never-created-fab");
        journal.record(Journal.Kind.NETNS, "ks-gone-never-created-h1");
        journal.record(Journal.Kind.MOUNT, layout.mountNsFile(1).toString());
        journal.record(Journal.Kind.HOST, "1", "ks-gone-never-created-h1", layout.mountNsFile(1).toString());

        new Teardown(layout, new CommandRunner(Duration.ofSeconds(10))).run();

        assertThat(layout.bedDir()).doesNotExist();
        assertThat(root).exists();
    }

    @Test
    void aTornLastJournalLineIsIgnored() throws Exception {
        Path file = root.resolve("journal");
        Files.writeString(file, "NETNS\tks-a-fab\nMOUNT\t/x/y");
        assertThat(new Journal(file).entries()).containsExactly(new Journal.Entry(Journal.Kind.NETNS, java.util.List.of("ks-a-fab")));
    }

    @Test
    void listsOnlyDirectoriesThatAreBeds() throws Exception {
        Files.createDirectories(root.resolve("not a bed"));
        Files.createDirectories(root.resolve("qemu-capabilities"));
        BedLayout bed = new BedLayout(root, "ks-abcd");
        Files.createDirectories(bed.bedDir());
        new Journal(bed.journal()).record(Journal.Kind.NETNS, "ks-abcd-fab");
        assertThat(TestBed.list(root)).containsExactly(bed.bedDir());
    }
}
