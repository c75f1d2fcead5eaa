package org.kvmstack.testbed;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Undoes a bed from its journal, newest first: stops each host's processes, unmounts namespace files,
 * deletes network namespaces, then removes the state directory. Every step tolerates a resource that
 * never came into being, so a half-started bed or one left by a killed process is cleaned the same way.
 * A step that fails does not stop later steps; all failures are reported together at the end. When a host's
 * processes cannot be stopped, its namespace files and the state directory are kept, so that the processes
 * can still be found and a later {@link TestBed#destroy} can finish the job.
 */
final class Teardown {
    private static final Duration TERM_GRACE = Duration.ofSeconds(15);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);

    private final BedLayout layout;
    private final CommandRunner runner;
    private final List<RuntimeException> failures = new ArrayList<>();
    /** Namespace names and mount points that must survive because something inside them could not be stopped. */
    private final Set<String> preserved = new HashSet<>();

    Teardown(BedLayout layout, CommandRunner runner) {
        this.layout = layout;
        this.runner = runner;
    }

    void run() {
        List<Journal.Entry> entries = new ArrayList<>(new Journal(layout.journal()).entries());
        Collections.reverse(entries);
        for (Journal.Entry entry : entries) {
            attempt(() -> undo(entry));
        }
        if (failures.isEmpty()) {
            attempt(this::deleteStateDirectory);
        }
        if (!failures.isEmpty()) {
            TestBedException error = new TestBedException("tear-down of bed " + layout.bedName() + " left work undone ("
                    + failures.size() + " step(s) failed); first: " + failures.get(0).getMessage());
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    private void attempt(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private void undo(Journal.Entry entry) {
        switch (entry.kind()) {
            case HOST -> stopHost(Integer.parseInt(entry.args().get(0)), entry.args().get(1), Path.of(entry.args().get(2)));
            case MOUNT -> {
                if (!preserved.contains(entry.args().get(0))) {
                    unmount(Path.of(entry.args().get(0)));
                }
            }
            case NETNS -> {
                if (!preserved.contains(entry.args().get(0))) {
                    deleteNetns(entry.args().get(0));
                }
            }
        }
    }

    private void stopHost(int index, String netns, Path mountNsFile) {
        try {
            stopProcesses(netns, mountNsFile);
        } catch (RuntimeException e) {
            preserved.addAll(List.of(netns, mountNsFile.toString(), layout.utsNsFile(index).toString(), layout.nsDir().toString()));
            throw e;
        }
    }

    /** Stops every live process in the host's network or mount namespace: SIGTERM, bounded wait, then SIGKILL. */
    private void stopProcesses(String netns, Path mountNsFile) {
        OptionalLong netInode = mountedInode(NamespaceCommands.netnsFile(netns));
        OptionalLong mntInode = mountedInode(mountNsFile);
        List<Long> pids = NamespaceProcesses.inNamespaces(netInode, mntInode);
        signal(pids, false);
        List<Long> left = awaitExit(netInode, mntInode, TERM_GRACE);
        if (!left.isEmpty()) {
            signal(left, true);
            left = awaitExit(netInode, mntInode, KILL_GRACE);
        }
        if (!left.isEmpty()) {
            throw new TestBedException("processes of " + netns + " survived SIGKILL: " + left);
        }
    }

    /** The namespace inode behind a namespace file, but only while it is a mount point (an unmounted file is just a file). */
    private static OptionalLong mountedInode(Path nsFile) {
        if (!MountTable.ofSelf().isMountPoint(nsFile)) {
            return OptionalLong.empty();
        }
        return NamespaceProcesses.namespaceInode(nsFile);
    }

    private static void signal(List<Long> pids, boolean kill) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> {
                if (kill) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
            });
        }
    }

    private static List<Long> awaitExit(OptionalLong netInode, OptionalLong mntInode, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        List<Long> left = NamespaceProcesses.inNamespaces(netInode, mntInode);
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            sleep();
            left = NamespaceProcesses.inNamespaces(netInode, mntInode);
        }
        return left;
    }

    private void unmount(Path mountPoint) {
        if (MountTable.ofSelf().isMountPoint(mountPoint)) {
            runner.run(List.of("umount", mountPoint.toString())).orThrow();
        }
    }

    private void deleteNetns(String name) {
        if (Files.exists(NamespaceCommands.netnsFile(name), LinkOption.NOFOLLOW_LINKS)) {
            runner.run(List.of("ip", "netns", "delete", name)).orThrow();
        }
    }

    /** Deletes the bed's directory, but never through a mount: if anything is still mounted below it, refuse. */
    private void deleteStateDirectory() {
        Path dir = layout.bedDir();
        List<MountTable.Mount> mounted = MountTable.ofSelf().under(dir);
        if (!mounted.isEmpty()) {
            throw new TestBedException("not deleting " + dir + ": still mounted below it: " + mounted);
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new TestBedException("cannot delete " + dir, e);
        }
    }

    private static void deleteIfExists(Path path) throws IOException {
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException e) {
            // a socket or pid file removed by its exiting daemon between listing and deleting: already gone
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestBedException("interrupted while waiting for processes to exit", e);
        }
    }
}
