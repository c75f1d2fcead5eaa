package org.kvmstack.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Optional;

/**
 * The set-up every "service on a real host" integration test shares: beds left behind by dead runs removed, a
 * one-host bed (no guest network: the service under test brings its own) whose namespaces carry the caller's
 * prefix and a random suffix, so that concurrent suites on the same machine are told apart, and a scratch data
 * directory for the service's store. {@link #close()} removes the bed and the directory.
 */
public final class OneHostBed implements AutoCloseable {
    private final TestBed bed;
    private final Path dataDir;

    private OneHostBed(TestBed bed, Path dataDir) {
        this.bed = bed;
        this.dataDir = dataDir;
    }

    /**
     * Why such a bed with the tiny guest cannot be had on this machine (not root, no guest image), if it cannot.
     * Tests turn a reason into a skip; the test command runs as root with the image, so there nothing is skipped.
     */
    public static Optional<String> missingPrerequisite() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("needs root (namespaces, libvirtd)");
        }
        if (GuestImage.disk().isEmpty()) {
            return Optional.of("no tiny guest image: set KVMSTACK_GUEST_DIR or add guest/build-image.sh");
        }
        return Optional.empty();
    }

    /**
     * Starts the bed and creates the data directory.
     *
     * @param prefix 1–11 characters of [a-z0-9-] naming the bed's namespaces and the data directory
     * @throws TestBedException when the bed does not come up (nothing is left behind)
     */
    public static OneHostBed start(String prefix) {
        TestBed.cleanupStale(TestBedConfig.defaultStateRoot());
        TestBed bed = TestBed.start(TestBedConfig.hosts(1).withGuestNetwork(false)
                .withBedName(String.format("%s-%04x", prefix, new SecureRandom().nextInt(0x10000))));
        try {
            return new OneHostBed(bed, Files.createTempDirectory(prefix + "-it-"));
        } catch (IOException e) {
            bed.close();
            throw new UncheckedIOException("cannot create a data directory", e);
        }
    }

    public TestBed bed() {
        return bed;
    }

    /** The bed's only host. */
    public LabHost host() {
        return bed.host(1);
    }

    /** A fresh directory for the store and files of the service under test; removed by {@link #close()}. */
    public Path dataDir() {
        return dataDir;
    }

    /** The tiny guest's BIOS-bootable qcow2 ({@link #missingPrerequisite()} tells whether there is one). */
    public Path guestDisk() {
        return GuestImage.disk().orElseThrow(() -> new IllegalStateException("no tiny guest image"));
    }

    /** Removes the bed (every process, namespace and mount of it) and the data directory. */
    @Override
    public void close() {
        try {
            bed.close();
        } finally {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
