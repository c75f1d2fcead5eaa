package org.kvmstack.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finds the project's tiny guest image: {@code $KVMSTACK_GUEST_DIR} (the test command sets it), else whatever
 * {@code guest/build-image.sh --print-dir} at the repository root builds or finds in its cache. Every test that
 * boots the tiny guest finds it here.
 */
public final class GuestImage {
    private GuestImage() {
    }

    /** The BIOS-bootable qcow2 disk of the image, if the image can be had on this machine. */
    public static Optional<Path> disk() {
        return directory().map(d -> d.resolve("disk.qcow2")).filter(Files::isRegularFile);
    }

    /**
     * The directory of the image's artefacts ({@code vmlinuz}, {@code initrd.img}, {@code disk.qcow2}), if the
     * image can be had on this machine.
     *
     * @throws CommandFailedException when guest/build-image.sh fails
     */
    public static Optional<Path> directory() {
        String env = System.getenv("KVMSTACK_GUEST_DIR");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        // Surefire/failsafe run in the module directory; the script lives at the repository root.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("guest").resolve("build-image.sh");
            if (Files.isExecutable(script)) {
                CommandResult built = new CommandRunner(Duration.ofMinutes(5)).run(List.of(script.toString(), "--print-dir")).orThrow();
                // progress goes to stderr; the directory is the last line of stdout
                return Optional.of(Path.of(built.stdout().strip().lines().reduce((a, b) -> b).orElseThrow()));
            }
        }
        return Optional.empty();
    }
}
