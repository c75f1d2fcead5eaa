package org.kvmstack.virt.host;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainSummary;
import org.kvmstack.virt.VirtConnection;

/**
 * Per-NUMA-node memory of domains on the local host, read from {@code /proc/<qemu pid>/numa_maps} like
 * {@code numastat}. The QEMU pid comes from libvirt's pid file ({@code <qemu run dir>/<name>.pid}); for a libvirtd
 * in a private mount namespace pass the host-side path of its {@code /run/libvirt/qemu}.
 */
public final class DomainNumaMemory {
    /** Where the system libvirtd keeps QEMU pid files. */
    public static final Path SYSTEM_QEMU_RUN_DIR = Path.of("/run/libvirt/qemu");

    private final Path qemuRunDir;
    private final Path proc;

    public DomainNumaMemory() {
        this(SYSTEM_QEMU_RUN_DIR);
    }

    public DomainNumaMemory(Path qemuRunDir) {
        this(qemuRunDir, Path.of("/proc"));
    }

    DomainNumaMemory(Path qemuRunDir, Path proc) {
        this.qemuRunDir = qemuRunDir;
        this.proc = proc;
    }

    /** The domain's memory per node; "not available" (never an exception) for remote hosts or stopped domains. */
    public DomainNumaUsage read(VirtConnection conn, DomainRef ref) {
        String local = whyNotLocalQemu(conn.uri());
        DomainSummary d = conn.domains().get(ref);
        if (local != null) {
            return DomainNumaUsage.notAvailable(d.name(), local);
        }
        if (!d.state().isActive()) {
            return DomainNumaUsage.notAvailable(d.name(), "domain is not running");
        }
        Path pidFile = qemuRunDir.resolve(d.name() + ".pid");
        try {
            int pid = Integer.parseInt(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
            // A stale pid file could name an unrelated process: require QEMU's "-name guest=<name>".
            String cmdline = Files.readString(proc.resolve(pid + "/cmdline"), StandardCharsets.UTF_8);
            if (!cmdline.contains("guest=" + d.name())) {
                return DomainNumaUsage.notAvailable(d.name(), "pid " + pid + " in " + pidFile
                        + " is not this domain's QEMU");
            }
            return new DomainNumaUsage(d.name(), pid,
                    parseNumaMaps(Files.readString(proc.resolve(pid + "/numa_maps"))), null);
        } catch (NoSuchFileException e) {
            return DomainNumaUsage.notAvailable(d.name(), "no such file: " + e.getFile());
        } catch (IOException | NumberFormatException e) {
            return DomainNumaUsage.notAvailable(d.name(), "cannot read QEMU process: " + e.getMessage());
        }
    }

    /** Null when {@code uri} is a QEMU driver on this machine, else the reason why per-process data is unavailable. */
    static String whyNotLocalQemu(String uri) {
        URI u = URI.create(uri);
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        if (!scheme.equals("qemu") && !scheme.equals("qemu+unix")) {
            return scheme.startsWith("qemu") ? "remote host (" + scheme + "): QEMU processes are on another machine"
                    : "driver '" + scheme + "' runs no QEMU processes";
        }
        if (u.getHost() != null && !u.getHost().isEmpty()) {
            return "remote host " + u.getHost() + ": QEMU processes are on another machine";
        }
        return null;
    }

    /**
     * Sums the {@code N<node>=<pages>} fields of numa_maps, each line's pages times its {@code kernelpagesize_kB}.
     */
    static SortedMap<Integer, Long> parseNumaMaps(String numaMaps) {
        SortedMap<Integer, Long> bytes = new TreeMap<>();
        for (String line : numaMaps.split("\n")) {
            long pageBytes = 4096;
            String[] fields = line.trim().split("\\s+");
            for (String f : fields) {
                if (f.startsWith("kernelpagesize_kB=")) {
                    pageBytes = Long.parseLong(f.substring("kernelpagesize_kB=".length())) * 1024;
                }
            }
            for (String f : fields) {
                if (f.length() > 1 && f.charAt(0) == 'N' && Character.isDigit(f.charAt(1)) && f.contains("=")) {
                    int eq = f.indexOf('=');
                    int node = Integer.parseInt(f.substring(1, eq));
                    long pages = Long.parseLong(f.substring(eq + 1));
                    bytes.merge(node, pages * pageBytes, Long::sum);
                }
            }
        }
        return Collections.unmodifiableSortedMap(bytes);
    }
}
