package org.kvmstack.cloud.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real disk images for tests, made by qemu-img in a directory the test owns. */
final class DiskImages {
    private DiskImages() {}

    static Path qcow2(Path dir, String name, String size) throws IOException, InterruptedException {
        Path file = dir.resolve(name);
        qemuImg("create", "-q", "-f", "qcow2", file.toString(), size);
        return file;
    }

    /** A qcow2 whose header names a backing file on the host: must be refused. */
    static Path qcow2WithBackingFile(Path dir, String name) throws IOException, InterruptedException {
        Path base = qcow2(dir, name + "-base.qcow2", "1M");
        Path file = dir.resolve(name);
        qemuImg("create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), file.toString());
        return file;
    }

    static Path raw(Path dir, String name, int bytes) throws IOException {
        Path file = dir.resolve(name);
        byte[] data = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        Files.write(file, data);
        return file;
    }

    private static void qemuImg(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("qemu-img timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("qemu-img failed: " + command + ": " + new String(p.getInputStream().readAllBytes()));
        }
    }
}
