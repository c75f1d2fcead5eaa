package org.kvmstack.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code virsh}, so that our commands can be compared with what it prints. */
public final class Virsh {
    private static final long TIMEOUT_SECONDS = 30;

    private Virsh() {}

    /** virsh's stdout; fails the test when virsh fails or hangs. */
    public static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh"));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("virsh", ".out");
        try {
            Process virsh = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!virsh.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                virsh.destroyForcibly();
                throw new AssertionError("virsh " + String.join(" ", args) + " did not finish in "
                        + TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (virsh.exitValue() != 0) {
                throw new AssertionError("virsh " + String.join(" ", args) + " failed: " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The data lines of a virsh table (after the dashed rule), each split on runs of spaces. */
    public static List<List<String>> tableRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        boolean afterRule = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("---")) {
                afterRule = true;
            } else if (afterRule && !line.isBlank()) {
                rows.add(List.of(line.strip().split("\\s+")));
            }
        }
        return rows;
    }
}
