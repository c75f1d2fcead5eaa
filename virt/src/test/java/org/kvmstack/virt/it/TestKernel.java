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

    /**
     * A busybox initramfs for {@link #get()}'s kernel: loads the virtio network modules, prints
     * {@code VIRTCONN-BOOTED}, takes a DHCP lease on eth0 ({@code VIRTCONN-IP <address>}), then runs a shell on the
     * serial console. Built once into the cache from the extracted kernel modules and /bin/busybox (busybox-static).
     */
    static Path initramfs() throws IOException {
        Path image = CACHE.resolve("initrd-v1.cpio");
        if (Files.exists(image)) {
            return image;
        }
        Path kernel = get();
        String version = kernel.getFileName().toString().substring("vmlinuz-".length());
        Path modules = CACHE.resolve("kernel/lib/modules").resolve(version).resolve("kernel");
        Path root = Files.createTempDirectory(CACHE, "initrd-");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("modules"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        List<String> order = List.of("drivers/virtio/virtio_ring", "drivers/virtio/virtio",
                "drivers/virtio/virtio_pci_modern_dev", "drivers/virtio/virtio_pci_legacy_dev",
                "drivers/virtio/virtio_pci", "net/core/failover", "drivers/net/net_failover",
                "drivers/net/virtio_net");
        StringBuilder insmod = new StringBuilder();
        for (String m : order) {
            Path ko = modules.resolve(m + ".ko");
            if (Files.exists(ko)) { // some are built in, depending on the kernel build
                Files.copy(ko, root.resolve("modules").resolve(ko.getFileName()));
                insmod.append("insmod /modules/").append(ko.getFileName()).append('\n');
            }
        }
        Files.writeString(root.resolve("init"), String.join("\n",
                "#!/bin/busybox sh",
                "/bin/busybox mkdir -p /proc /sys /dev /sbin /usr/bin /usr/sbin /tmp",
                "/bin/busybox --install -s",
                "mount -t proc proc /proc",
                "mount -t sysfs sys /sys",
                "mount -t devtmpfs dev /dev",
                insmod.toString(),
                "ip link set lo up",
                "ip link set eth0 up",
                "echo VIRTCONN-BOOTED",
                "udhcpc -i eth0 -t 60 -T 1 -A 1 -n -q -s /dhcp-bound",
                "exec setsid cttyhack sh",
                ""));
        Files.writeString(root.resolve("dhcp-bound"), String.join("\n",
                "#!/bin/sh",
                "if [ \"$1\" = bound ]; then ip addr add \"$ip/${mask:-24}\" dev \"$interface\"; "
                        + "echo \"VIRTCONN-IP $ip\"; fi",
                ""));
        for (String exe : List.of("init", "dhcp-bound")) {
            root.resolve(exe).toFile().setExecutable(true, false);
        }
        Path partial = CACHE.resolve("initrd-v1.cpio.part");
        NamespacedLibvirtd.run(List.of("sh", "-c", "cd " + root + " && find . | cpio -o -H newc > " + partial));
        Files.move(partial, image);
        NamespacedLibvirtd.run(List.of("rm", "-rf", root.toString()));
        return image;
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
