package org.kvmstack.virt.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real libvirtd (with its own virtlogd) for integration tests, inside a network namespace and a private mount
 * namespace created here: its /run/libvirt, /var/lib/libvirt, /etc/libvirt, /var/log/libvirt and /var/cache/libvirt
 * are directories under one temporary base, and it listens only on its UNIX socket there. Nothing is added to the
 * machine's own network namespace. {@link #close()} stops every process it started (by pid), deletes the
 * namespace and the base directory. Several instances may share one network namespace (for migration over
 * loopback) by passing the same {@code netns}.
 */
final class NamespacedLibvirtd implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path base;
    private final String netns;
    private final boolean ownsNetns;
    private boolean closed;

    private NamespacedLibvirtd(Path base, String netns, boolean ownsNetns) {
        this.base = base;
        this.netns = netns;
        this.ownsNetns = ownsNetns;
    }

    /** True when this process may create namespaces and start libvirtd (root, tools installed). */
    static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/libvirtd"))
                && Files.isExecutable(Path.of("/usr/sbin/virtlogd"));
    }

    static NamespacedLibvirtd start() throws IOException {
        String netns = "virt-conn-it-" + UUID.randomUUID().toString().substring(0, 6);
        run(List.of("ip", "netns", "add", netns));
        try {
            run(List.of("ip", "-n", netns, "link", "set", "lo", "up"));
            return startIn(netns, true);
        } catch (IOException | RuntimeException e) {
            run(List.of("ip", "netns", "del", netns));
            throw e;
        }
    }

    /** A second libvirtd in the network namespace of {@code neighbour} (its own mounts and host UUID). */
    static NamespacedLibvirtd startBeside(NamespacedLibvirtd neighbour) throws IOException {
        return startIn(neighbour.netns, false);
    }

    private static NamespacedLibvirtd startIn(String netns, boolean ownsNetns) throws IOException {
        Path base = Files.createTempDirectory("virt-conn-it-");
        // QEMU runs as root here (qemu.conf below) but must traverse the base to reach images and kernels.
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        NamespacedLibvirtd d = new NamespacedLibvirtd(base, netns, ownsNetns);
        try {
            d.prepareConfig();
            d.launch();
            return d;
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /** The URI our tests connect to: the UNIX socket, visible from the test JVM through the base directory. */
    String uri() {
        return "qemu+unix:///system?socket=" + socket();
    }

    Path base() {
        return base;
    }

    /** Host-side path of this libvirtd's /run/libvirt/qemu (QEMU pid files). */
    Path qemuRunDir() {
        return base.resolve("run/qemu");
    }

    /** A directory for pools and images, the same path inside and outside the namespace. */
    Path dataDir() throws IOException {
        return Files.createDirectories(base.resolve("data"));
    }

    /** Stops libvirtd (guests keep running, as on a real host) and starts it again in the same namespaces. */
    void restartLibvirtd() throws IOException {
        stopLibvirtd();
        startLibvirtd();
    }

    /** Stops libvirtd only; virtlogd keeps the namespaces alive for {@link #startLibvirtd()}. */
    void stopLibvirtd() throws IOException {
        stopByPidFile(base.resolve("libvirtd.pid"));
        Files.deleteIfExists(socket());
    }

    /** Starts libvirtd again inside the namespaces that virtlogd still holds. */
    void startLibvirtd() throws IOException {
        String virtlogdPid = Files.readString(base.resolve("virtlogd.pid")).trim();
        run(List.of("nsenter", "-t", virtlogdPid, "-m", "-n", "libvirtd", "-d", "-p",
                base.resolve("libvirtd.pid").toString()));
        awaitSocket();
    }

    private Path socket() {
        return base.resolve("run/libvirt-sock");
    }

    private void prepareConfig() throws IOException {
        for (String dir : List.of("run", "lib", "etc", "log", "cache")) {
            Files.createDirectories(base.resolve(dir));
        }
        run(List.of("cp", "-a", "/etc/libvirt/.", base.resolve("etc").toString()));
        // Start empty: no networks, domains or pools of the machine's own configuration.
        for (String dir : List.of("qemu/networks", "qemu/autostart", "storage")) {
            deleteTree(base.resolve("etc").resolve(dir));
        }
        try (Stream<Path> domains = Files.list(base.resolve("etc/qemu"))) {
            for (Path p : domains.filter(p -> p.toString().endsWith(".xml")).toList()) {
                Files.delete(p);
            }
        }
        append(base.resolve("etc/qemu.conf"), "\nuser = \"root\"\ngroup = \"root\"\nsecurity_driver = \"none\"\n");
        // Distinct host UUIDs, or libvirt refuses migrating between two daemons on one machine.
        append(base.resolve("etc/libvirtd.conf"), "\nhost_uuid = \"" + UUID.randomUUID() + "\"\n");
    }

    private void launch() throws IOException {
        String script = String.join("\n",
                "set -e",
                "mount -t tmpfs -o mode=755 virt-conn-run /run",
                "mkdir -p /run/libvirt /run/lock", // /var/lock is /run/lock: libvirt locks console ptys there
                "mount --bind " + base.resolve("run") + " /run/libvirt",
                "mount --bind " + base.resolve("lib") + " /var/lib/libvirt",
                "mount --bind " + base.resolve("etc") + " /etc/libvirt",
                "mount --bind " + base.resolve("log") + " /var/log/libvirt",
                "mount --bind " + base.resolve("cache") + " /var/cache/libvirt",
                "virtlogd -d -p " + base.resolve("virtlogd.pid"),
                "libvirtd -d -p " + base.resolve("libvirtd.pid"));
        run(List.of("ip", "netns", "exec", netns, "unshare", "-m", "--propagation", "private", "sh", "-c", script));
        awaitSocket();
    }

    private void awaitSocket() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(socket())) {
            if (System.nanoTime() > deadline) {
                throw new IOException("libvirtd did not create " + socket() + " within " + START_TIMEOUT
                        + "; log: " + tail(base.resolve("log/libvirtd.log")));
            }
            sleep(100);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<Path> pidFiles = new ArrayList<>();
        // Guests and dnsmasq first (libvirtd leaves them running when it stops), then the daemons.
        for (String dir : List.of("run/qemu", "run/network")) {
            Path d = base.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    files.filter(p -> p.toString().endsWith(".pid")).forEach(pidFiles::add);
                }
            }
        }
        pidFiles.add(base.resolve("libvirtd.pid"));
        pidFiles.add(base.resolve("virtlogd.pid"));
        for (Path pidFile : pidFiles) {
            stopByPidFile(pidFile);
        }
        if (ownsNetns) {
            run(List.of("ip", "netns", "del", netns));
        }
        deleteTree(base);
    }

    /** SIGTERM, then SIGKILL after 10 s, of the process named in {@code pidFile}; waits for it to exit. */
    private static void stopByPidFile(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
        if (text.isEmpty()) {
            return;
        }
        long pid = Long.parseLong(text);
        var handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.get().destroyForcibly();
            try {
                handle.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception again) {
                throw new IOException("process " + pid + " from " + pidFile + " did not exit", again);
            }
        }
    }

    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after 60 s: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + command, e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(command + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
