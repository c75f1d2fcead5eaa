package org.kvmstack.cloud.compute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts about the tiny guest's disk that tests need (it is found by testbed's GuestImage). */
final class GuestImageDir {
    private GuestImageDir() {}

    /** The disk size a guest sees, from {@code qemu-img info}. */
    static long virtualSize(Path image) throws IOException, InterruptedException {
        String json = run(List.of("qemu-img", "info", "--output=json", image.toString()), 30);
        Matcher m = Pattern.compile("\"virtual-size\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no virtual-size in qemu-img info: " + json);
        }
        return Long.parseLong(m.group(1));
    }

    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
