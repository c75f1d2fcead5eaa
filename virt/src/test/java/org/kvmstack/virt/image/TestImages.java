package org.kvmstack.virt.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds real test images with qemu-img and xorriso, and patches bytes in them. */
final class TestImages {
    private final Path dir;

    TestImages(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Runs a command with a time bound and fails loudly with its output when it fails. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
        }
        return text;
    }

    Path qemuImg(String name, String format, String size, String... options) throws Exception {
        Path path = dir.resolve(name);
        String[] cmd = new String[6 + options.length];
        cmd[0] = "qemu-img";
        cmd[1] = "create";
        cmd[2] = "-q";
        cmd[3] = "-f";
        cmd[4] = format;
        System.arraycopy(options, 0, cmd, 5, options.length);
        cmd[5 + options.length] = path.toString();
        String[] withSize = java.util.Arrays.copyOf(cmd, cmd.length + 1);
        withSize[cmd.length] = size;
        // LUKS creation benchmarks PBKDF iterations by CPU time; on a busy 2-core machine the measurement can come
        // out as zero ("Unable to get accurate CPU usage"). That is QEMU's flake, not ours: retry a bounded few times.
        for (int attempt = 1; ; attempt++) {
            try {
                run(withSize);
                return path;
            } catch (IOException e) {
                if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("accurate CPU usage")) {
                    throw e;
                }
                Files.deleteIfExists(path);
            }
        }
    }

    Path iso(String name, String volumeId) throws Exception {
        Path content = Files.createDirectories(dir.resolve(name + ".d"));
        Files.writeString(content.resolve("meta_data.json"), "{\"uuid\": \"x\"}");
        Path iso = dir.resolve(name);
        run("xorriso", "-as", "mkisofs", "-quiet", "-V", volumeId, "-o", iso.toString(), content.toString());
        return iso;
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    Path copy(Path source, String name) throws IOException {
        return Files.copy(source, dir.resolve(name));
    }

    static void patch(Path file, long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(bytes);
        }
    }

    static void patchU64be(Path file, long offset, long value) throws IOException {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (56 - 8 * i));
        }
        patch(file, offset, b);
    }

    static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }
}
