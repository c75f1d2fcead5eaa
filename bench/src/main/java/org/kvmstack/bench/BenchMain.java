package org.kvmstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bench/run}: runs every phase in one process on this host, prints one table of kvmstack's figures beside
 * raw libvirt's with their targets, and writes the same as JSON. A phase that fails is reported as such in the
 * table (its figures "not measured") and does not stop the others.
 */
public final class BenchMain {
    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Files.createDirectories(options.workDir());
        List<String> failures = new ArrayList<>();
        try {
            Instant started = Instant.now();
            Map<String, String> context = new LinkedHashMap<>();
            context.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
            context.put("java", System.getProperty("java.version"));
            context.put("kernel", System.getProperty("os.version"));
            context.put("load average at start", loadAverage());
            List<Figure> figures = new ArrayList<>();

            boolean compute = false;
            try {
                IdleControllerPhase.Outcome idle = new IdleControllerPhase(options).run();
                figures.addAll(idle.figures());
                compute = idle.computeAvailable();
            } catch (IOException | TimeoutException | RuntimeException e) {
                failures.add("idle controller phase: " + e);
                LOG.error("idle controller phase failed", e);
            }
            context.put("compute API", compute ? "present" : "absent in this build");

            if (options.guestDir().isPresent()) {
                try {
                    figures.addAll(new GuestPhase(options, options.guestDir().get().resolve("disk.qcow2"), compute).run());
                } catch (IOException | TimeoutException | RuntimeException e) {
                    failures.add("guest phase: " + e);
                    LOG.error("guest phase failed", e);
                }
            } else {
                failures.add("guest phase skipped: no --guest-dir");
            }

            if (compute) {
                try {
                    figures.addAll(new ScalePhase(options).run());
                } catch (IOException | TimeoutException | java.sql.SQLException | RuntimeException e) {
                    failures.add("scale phase: " + e);
                    LOG.error("scale phase failed", e);
                }
            } else {
                failures.add("scale phase skipped: no servers API in this build");
            }

            context.put("load average at end", loadAverage());
            context.put("duration", (Instant.now().getEpochSecond() - started.getEpochSecond()) + " s");
            for (int i = 0; i < failures.size(); i++) {
                context.put("failure " + (i + 1), failures.get(i));
            }
            Report report = new Report(figures, context, started);
            System.out.print(report.table());
            report.writeJson(options.jsonFile());
            System.out.println("JSON: " + options.jsonFile());
        } finally {
            removeTree(options.workDir());
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    // Other work on the machine skews every figure; the report says how busy the machine was.
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2] + " (1/5/15 min)";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
