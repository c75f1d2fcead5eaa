package org.kvmstack.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reuses libvirt's QEMU probe results between hosts and beds. A fresh libvirtd probes every QEMU binary (~4 s each
 * here) before it answers; all hosts run the same binaries on the same kernel, so host 1 starts from the
 * machine-wide copy under the state root and later hosts from host 1's fresh results. libvirtd still validates
 * each entry (binary time stamps, libvirt and kernel version, KVM availability) and probes again when one is
 * stale, so a stale seed costs only time, never correctness.
 */
final class QemuCapabilitiesCache {
    private static final Path IN_LIBVIRT_CACHE = Path.of("qemu", "capabilities");

    private QemuCapabilitiesCache() {
    }

    /** Fills host {@code index}'s /var/cache/libvirt before its libvirtd starts. */
    static void seed(BedLayout layout, int index) {
        Path from = index == 1 ? layout.capabilitiesCache() : layout.cacheDir(1).resolve(IN_LIBVIRT_CACHE);
        copyAll(from, layout.cacheDir(index).resolve(IN_LIBVIRT_CACHE));
    }

    /** Keeps host 1's results for the next bed, once its libvirtd has answered (so the probe is complete). */
    static void save(BedLayout layout) {
        copyAll(layout.cacheDir(1).resolve(IN_LIBVIRT_CACHE), layout.capabilitiesCache());
    }

    /** Copies every entry through a temporary file and a rename, so a concurrent bed never reads half a file. */
    private static void copyAll(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (var entries = Files.newDirectoryStream(from, "*.xml")) {
            Files.createDirectories(to);
            for (Path entry : entries) {
                Path tmp = Files.createTempFile(to, ".caps", ".tmp");
                Files.copy(entry, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, to.resolve(entry.getFileName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new TestBedException("cannot copy QEMU capabilities from " + from + " to " + to, e);
        }
    }
}
