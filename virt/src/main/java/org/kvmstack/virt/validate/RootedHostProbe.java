package org.kvmstack.virt.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@link HostProbe} over a directory standing for {@code /}. */
final class RootedHostProbe implements HostProbe {
    private static final long VERSION_TIMEOUT_SECONDS = 10;

    private final Path root;
    private final KvmDeviceProbe kvmDevice;
    private final List<String> searchPath;

    RootedHostProbe(Path root, KvmDeviceProbe kvmDevice, List<String> searchPath) {
        this.root = root.toAbsolutePath();
        this.kvmDevice = kvmDevice;
        this.searchPath = List.copyOf(searchPath);
    }

    static List<String> searchPathFromEnvironment() {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>();
        if (path != null) {
            for (String dir : path.split(":")) {
                if (dir.startsWith("/")) {
                    dirs.add(dir);
                }
            }
        }
        // QEMU lives outside PATH on some distributions (RHEL: /usr/libexec/qemu-kvm).
        for (String extra : List.of("/usr/bin", "/usr/local/bin", "/usr/libexec", "/usr/sbin")) {
            if (!dirs.contains(extra)) {
                dirs.add(extra);
            }
        }
        return dirs;
    }

    private Path resolve(String absolutePath) {
        if (!absolutePath.startsWith("/")) {
            throw new IllegalArgumentException("host path must be absolute: " + absolutePath);
        }
        return root.resolve(absolutePath.substring(1));
    }

    @Override
    public Optional<String> readFile(String absolutePath) {
        try {
            return Optional.of(Files.readString(resolve(absolutePath), StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String absolutePath) {
        return Files.exists(resolve(absolutePath));
    }

    @Override
    public List<String> list(String absolutePath) {
        Path dir = resolve(absolutePath);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public KvmDeviceState probeKvmDevice(String absolutePath) {
        return kvmDevice.probe(resolve(absolutePath));
    }

    @Override
    public Optional<Path> findExecutable(String name) {
        for (String dir : searchPath) {
            Path candidate = resolve(dir).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> versionOf(Path executable) {
        // Output goes to a file so that a tool that never ends its line cannot block us: the wait is bounded.
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("kvmstack-version", ".txt");
            process = new ProcessBuilder(executable.toString(), "--version")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(line -> !line.isEmpty()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            deleteIfPresent(output);
        }
    }

    private static void deleteIfPresent(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temporary file " + file, e);
        }
    }
}
