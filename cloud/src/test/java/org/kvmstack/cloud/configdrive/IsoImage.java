package org.kvmstack.cloud.configdrive;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads an ISO9660 image back for tests: with xorriso (what is in it) and by its raw descriptors (as a guest does). */
final class IsoImage {
    private static final int SECTOR = 2048;

    private IsoImage() {}

    /** The primary volume descriptor's volume id: 32 bytes at 0x8028, after "CD001" at 0x8001 (what the tiny guest reads). */
    static String volumeId(Path iso) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(iso.toFile(), "r")) {
            byte[] magic = new byte[5];
            f.seek(0x8001);
            f.readFully(magic);
            if (!"CD001".equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new IOException("not an ISO9660 image: " + iso);
            }
            byte[] id = new byte[32];
            f.seek(0x8028);
            f.readFully(id);
            return new String(id, StandardCharsets.US_ASCII).strip();
        }
    }

    /** True when a supplementary volume descriptor carries a Joliet escape sequence (%/@, %/C or %/E). */
    static boolean hasJoliet(Path iso) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(iso.toFile(), "r")) {
            for (int sector = 16; sector < 32; sector++) {
                byte[] d = new byte[SECTOR];
                f.seek((long) sector * SECTOR);
                f.readFully(d);
                int type = d[0] & 0xff;
                if (type == 255) {
                    return false;
                }
                if (type == 2 && d[88] == '%' && d[89] == '/' && (d[90] == '@' || d[90] == 'C' || d[90] == 'E')) {
                    return true;
                }
            }
            return false;
        }
    }

    /** util-linux's low-level probe of the label, as udev would see it. */
    static String blkidLabel(Path iso) throws IOException, InterruptedException {
        return run(List.of("blkid", "-p", "-o", "value", "-s", "LABEL", iso.toString())).strip();
    }

    /** xorriso's {@code ls -l}-like listing of every node: mode, links, uid, gid, size, date, quoted path. */
    static String longListing(Path iso) throws IOException, InterruptedException {
        return run(List.of("xorriso", "-indev", iso.toString(), "-find", "/", "-exec", "lsdl"));
    }

    /** Every regular file under {@code root}: path relative to it with '/' separators → bytes. */
    static Map<String, byte[]> filesUnder(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** xorriso reading the plain ECMA-119 tree only (no Rock Ridge): the quoted path of every node. */
    static String plainIsoPaths(Path iso) throws IOException, InterruptedException {
        return run(List.of("xorriso", "-read_fs", "ecma119", "-indev", iso.toString(), "-find", "/"));
    }

    /** xorriso reading every block of the image ("Media region : 0 , N , + good" when all are readable). */
    static String checkMedia(Path iso) throws IOException, InterruptedException {
        return run(List.of("xorriso", "-indev", iso.toString(), "-check_media", "--"));
    }

    /** xorriso's "-toc" report (contains "ISO offers : Rock_Ridge"). */
    static String toc(Path iso) throws IOException, InterruptedException {
        return run(List.of("xorriso", "-indev", iso.toString(), "-toc"));
    }

    /** Extracts the whole image into {@code dir} (Rock Ridge names). */
    static void extract(Path iso, Path dir) throws IOException, InterruptedException {
        run(List.of("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/", dir.toString()));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
