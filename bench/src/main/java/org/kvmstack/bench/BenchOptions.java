package org.kvmstack.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a run measures and how much.
 *
 * @param repo        the kvmstack checkout ({@code ./kvmstack serve} is started from it)
 * @param guestDir    directory of the tiny guest ({@code disk.qcow2}); empty skips the guest figures
 * @param workDir     scratch directory for controller data and logs (removed afterwards unless kept)
 * @param jsonFile    where the JSON report goes
 * @param runs        sequential creates per side (median of these)
 * @param burst       guests per burst
 * @param servers     servers for the API scale figures
 * @param loadSeconds duration of the throughput run
 * @param threads     client threads of the throughput run
 */
public record BenchOptions(Path repo, Optional<Path> guestDir, Path workDir, Path jsonFile, int runs, int burst,
                           int servers, Duration loadSeconds, int threads) {
    public BenchOptions {
        if (runs < 1 || burst < 1 || servers < 1 || threads < 1) {
            throw new IllegalArgumentException("runs, burst, servers and threads must be positive");
        }
    }

    /**
     * Parses {@code --repo DIR --guest-dir DIR --work-dir DIR --json FILE --runs N --burst N --servers N
     * --seconds S --threads N}; unknown options fail with a message naming them.
     */
    public static BenchOptions parse(String[] args) {
        Path repo = Path.of(System.getProperty("user.dir"));
        Optional<Path> guest = Optional.empty();
        Path work = Path.of("/var/tmp/kvmstack-bench-" + ProcessHandle.current().pid());
        Path json = null;
        int runs = 9; // a median of at least 5 is asked for; 9 narrows the run-to-run spread of a ~300 ms figure
        int burst = 20;
        int servers = 1000;
        int seconds = 10;
        int threads = 4;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--repo" -> repo = Path.of(value);
                case "--guest-dir" -> guest = value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
                case "--work-dir" -> work = Path.of(value);
                case "--json" -> json = Path.of(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--burst" -> burst = Integer.parseInt(value);
                case "--servers" -> servers = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + option
                        + " (known: --repo --guest-dir --work-dir --json --runs --burst --servers --seconds --threads)");
            }
        }
        return new BenchOptions(repo, guest, work, json == null ? repo.resolve("bench/results/last.json") : json,
                runs, burst, servers, Duration.ofSeconds(seconds), threads);
    }
}
