package org.kvmstack.testbed;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds the live processes that belong to a test-bed host: those whose network or mount namespace is the
 * host's. This is how tear-down finds qemu and dnsmasq children as well as the daemons, and how it refuses to
 * signal a PID from a stale pid file that now belongs to somebody else's process.
 */
final class NamespaceProcesses {
    private static final Path PROC = Path.of("/proc");

    private NamespaceProcesses() {
    }

    /** The inode that identifies the namespace behind a namespace file (a bind-mounted nsfs file or /proc/PID/ns/X). */
    static OptionalLong namespaceInode(Path nsFile) {
        try {
            Object ino = Files.getAttribute(nsFile, "unix:ino");
            return OptionalLong.of(((Number) ino).longValue());
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new TestBedException("cannot stat namespace file " + nsFile, e);
        }
    }

    /** Live (non-zombie) processes whose net namespace inode is {@code netInode} or mount namespace inode is {@code mntInode}. */
    static List<Long> inNamespaces(OptionalLong netInode, OptionalLong mntInode) {
        List<Long> pids = new ArrayList<>();
        if (netInode.isEmpty() && mntInode.isEmpty()) {
            return pids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, NamespaceProcesses::isPidDir)) {
            for (Path dir : entries) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid != ProcessHandle.current().pid() && belongs(pid, netInode, mntInode) && isLive(pid)) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            throw new TestBedException("cannot list /proc", e);
        }
        return pids;
    }

    static boolean belongs(long pid, OptionalLong netInode, OptionalLong mntInode) {
        return matches(pid, "net", netInode) || matches(pid, "mnt", mntInode);
    }

    /** True while the process exists and is not a zombie (a zombie holds no namespace and cannot be signalled away). */
    static boolean isLive(long pid) {
        return state(pid).map(s -> s != 'Z' && s != 'X').orElse(false);
    }

    private static Optional<Character> state(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // The command name is in parentheses and may itself contain ") "; the state follows the last one.
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() ? Optional.of(stat.charAt(close + 2)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean matches(long pid, String kind, OptionalLong inode) {
        if (inode.isEmpty()) {
            return false;
        }
        try {
            String link = Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("ns").resolve(kind)).toString();
            return link.equals(kind + ":[" + inode.getAsLong() + "]");
        } catch (IOException e) {
            return false; // gone, a zombie, or a kernel thread: not one of ours
        }
    }

    private static boolean isPidDir(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
