package org.kvmstack.virt.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code virsh} so tests compare our API with what an operator sees. */
final class Virsh {
    private Virsh() {
    }

    static String run(String uri, String... args) {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-c", uri));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("virsh did not finish in 30 s: " + cmd);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** "Key:   value" lines into a map. */
    static Map<String, String> keyValues(String out) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                map.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return map;
    }

    /** Rows of a virsh table (after the dashed line), split on runs of spaces. */
    static List<List<String>> table(String out) {
        List<List<String>> rows = new ArrayList<>();
        boolean body = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("---")) {
                body = true;
                continue;
            }
            if (body && !line.isBlank()) {
                rows.add(List.of(line.trim().split("\\s+")));
            }
        }
        return rows;
    }
}
