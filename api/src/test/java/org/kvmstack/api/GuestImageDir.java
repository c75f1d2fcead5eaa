package org.kvmstack.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Where the tiny guest's artefacts are: {@code $KVMSTACK_GUEST_DIR}, else built by guest/build-image.sh. */
final class GuestImageDir {
    private GuestImageDir() {}

    static Optional<Path> find() throws IOException, InterruptedException {
        String env = System.getenv("KVMSTACK_GUEST_DIR");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("guest").resolve("build-image.sh");
            if (Files.isExecutable(script)) {
                Process p = new ProcessBuilder(script.toString(), "--print-dir").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException("guest/build-image.sh failed: " + out);
                }
                return Optional.of(Path.of(out.strip().lines().reduce((a, b) -> b).orElseThrow()));
            }
        }
        return Optional.empty();
    }
}
