package org.kvmstack.cli.quickstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The project's tiny guest disk, built (or found in its cache) by {@code guest/build-image.sh --print-dir}. */
final class GuestImage {
    private static final long BUILD_TIMEOUT_MINUTES = 20;

    private GuestImage() {}

    /**
     * The script of this checkout: under {@code $KVMSTACK_HOME} (set by the {@code ./kvmstack}
     * launcher), else under the working directory or its parent (tests run from a module).
     */
    static Path script(Map<String, String> environment) {
        String home = environment.get("KVMSTACK_HOME");
        List<Path> candidates = home == null || home.isBlank()
                ? List.of(Path.of("guest/build-image.sh"), Path.of("../guest/build-image.sh"))
                : List.of(Path.of(home, "guest/build-image.sh"));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toAbsolutePath)
                .orElseThrow(() -> new QuickstartException("cannot find guest/build-image.sh (looked at "
                        + candidates + "); run quickstart through ./kvmstack or give --image FILE"));
    }

    /** Runs the script (its progress goes to our stderr) and returns the {@code disk.qcow2} it names. */
    static Path build(Path script) {
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "--print-dir")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new QuickstartException(script + " did not finish within " + BUILD_TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new QuickstartException(script + " --print-dir failed (exit " + process.exitValue()
                        + "); its messages are above");
            }
            Path disk = Path.of(output.lines().reduce((first, second) -> second).orElse("")).resolve("disk.qcow2");
            if (!Files.isRegularFile(disk)) {
                throw new QuickstartException(script + " --print-dir printed '" + output + "', which has no disk.qcow2");
            }
            return disk;
        } catch (IOException e) {
            throw new QuickstartException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuickstartException("interrupted while building the guest image", e);
        }
    }
}
