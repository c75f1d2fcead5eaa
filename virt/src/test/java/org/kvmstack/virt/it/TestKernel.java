package org.kvmstack.virt.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Debian cloud kernel for guests that only need to print on the serial console: with no initramfs it boots,
 * logs and panics ("VFS: Unable to mount root fs"), which is all a console test needs. Extracted once from the
 * package (apt-get download when not cached) into a cache directory; no root mounts.
 */
final class TestKernel {
    private static final Path CACHE = Path.of("/var/tmp/virt-conn-it-cache");

    private TestKernel() {
    }

    static Path get() throws IOException {
        String fromEnv = System.getenv("KVMSTACK_TEST_KERNEL");
        if (fromEnv != null) {
            return Path.of(fromEnv);
        }
        Path extracted = CACHE.resolve("kernel/boot");
        Path kernel = findKernel(extracted);
        if (kernel != null) {
            return kernel;
        }
        Files.createDirectories(CACHE);
        Path deb = findDeb(Path.of("/var/cache/apt/archives"));
        if (deb == null) {
            deb = findDeb(CACHE);
        }
        if (deb == null) {
            String pkg = NamespacedLibvirtd.run(List.of("sh", "-c",
                    "apt-cache depends linux-image-cloud-amd64 | sed -n 's/.*Depends: \\(linux-image-[^ ]*\\)/\\1/p' "
                            + "| head -1")).trim();
            NamespacedLibvirtd.run(List.of("sh", "-c", "cd " + CACHE + " && apt-get download " + pkg));
            deb = findDeb(CACHE);
        }
        NamespacedLibvirtd.run(List.of("dpkg", "-x", deb.toString(), CACHE.resolve("kernel").toString()));
        kernel = findKernel(extracted);
        if (kernel == null) {
            throw new IOException("no vmlinuz in " + deb);
        }
        return kernel;
    }

    private static Path findKernel(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst().orElse(null);
        }
    }

    private static Path findDeb(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("linux-image-[0-9].*-cloud-amd64_.*\\.deb"))
                    .findFirst().orElse(null);
        }
    }
}
