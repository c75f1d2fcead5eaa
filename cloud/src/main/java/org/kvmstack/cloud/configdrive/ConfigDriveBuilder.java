package org.kvmstack.cloud.configdrive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Builds an instance's config drive: an ISO9660 image with volume label {@value #LABEL}, Rock Ridge and Joliet,
 * holding the files of {@link ConfigDriveContent} (meta_data.json, user_data, network_data.json, vendor data,
 * for every Nova metadata version and {@code latest}). Made with {@code xorriso -as mkisofs} from a temporary
 * directory that is always removed afterwards. Thread-safe.
 */
public final class ConfigDriveBuilder {
    /** The volume label guests (cloud-init, the tiny guest) look for. */
    public static final String LABEL = "config-2";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_OUTPUT = 4000;

    private final String xorriso;
    private final RandomGenerator random;

    /** Uses {@code xorriso} from the PATH. */
    public ConfigDriveBuilder() {
        this("xorriso", new SecureRandom());
    }

    ConfigDriveBuilder(String xorriso, RandomGenerator random) {
        this.xorriso = Objects.requireNonNull(xorriso, "xorriso");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Writes the config drive ISO to {@code isoFile} (replaced if it exists; written beside it and moved into
     * place, so a reader never sees half an image).
     *
     * @throws ConfigDriveException when xorriso is missing, fails or times out, or files cannot be written
     */
    public Path build(ConfigDriveSpec spec, Path isoFile) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(isoFile, "isoFile");
        Path absolute = isoFile.toAbsolutePath();
        Path staging = null;
        Path partial = null;
        try {
            staging = Files.createTempDirectory("kvmstack-config-drive-");
            Path root = Files.createDirectory(staging.resolve("root"));
            for (Map.Entry<String, byte[]> file : new ConfigDriveContent(random).files(spec).entrySet()) {
                Path target = root.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            partial = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
            runXorriso(root, partial);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            return absolute;
        } catch (IOException e) {
            throw new ConfigDriveException("cannot build the config drive of instance " + spec.instanceId() + " at "
                    + absolute + ": " + e.getMessage(), e);
        } finally {
            deleteQuietlyIfPresent(partial);
            deleteTree(staging);
        }
    }

    /** The config drive ISO as bytes (for an upload through a libvirt stream). */
    public byte[] build(ConfigDriveSpec spec) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kvmstack-config-drive-out-");
            return Files.readAllBytes(build(spec, dir.resolve("config-drive.iso")));
        } catch (IOException e) {
            throw new ConfigDriveException("cannot read back the config drive of instance " + spec.instanceId()
                    + ": " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
    }

    private void runXorriso(Path root, Path iso) throws IOException {
        // Nova's genisoimage options, in xorriso's mkisofs emulation: Rock Ridge with sane permissions (-r),
        // Joliet (-J), and file names kept as written (lowercase, several dots, long names).
        List<String> command = new ArrayList<>(List.of(xorriso, "-as", "mkisofs",
                "-o", iso.toString(), "-V", LABEL, "-publisher", "kvmstack", "-quiet",
                "-r", "-J", "-l", "-allow-lowercase", "-allow-multidot", "-ldots",
                root.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ConfigDriveException("cannot run " + xorriso + " (install the Debian package xorriso): "
                    + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            // Output is small (-quiet); read it after exit would risk a full pipe, so drain it on a thread.
            StringBuilder output = new StringBuilder();
            Thread drain = new Thread(() -> {
                try {
                    byte[] all = process.getInputStream().readAllBytes();
                    synchronized (output) {
                        output.append(new String(all, 0, Math.min(all.length, MAX_OUTPUT), StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    synchronized (output) {
                        output.append("(output unreadable: ").append(e.getMessage()).append(')');
                    }
                }
            }, "xorriso-output");
            drain.setDaemon(true);
            drain.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ConfigDriveException(xorriso + " did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            drain.join(TimeUnit.SECONDS.toMillis(5));
            if (process.exitValue() != 0) {
                synchronized (output) {
                    throw new ConfigDriveException(xorriso + " failed (exit " + process.exitValue() + "): "
                            + output.toString().strip());
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ConfigDriveException("interrupted while building a config drive", e);
        }
    }

    private static void deleteQuietlyIfPresent(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove partial config drive " + file, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove config drive staging directory " + dir, e);
        }
    }
}
