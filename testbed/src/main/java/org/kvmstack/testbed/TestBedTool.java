package org.kvmstack.testbed;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A small command-line front end for people: start a bed and leave it running, list beds, destroy one, clean
 * stale ones. {@code java -cp testbed/target/classes org.kvmstack.testbed.TestBedTool help}. Exit status 0 on
 * success, 1 on failure (one-line reason on stderr), 2 on bad usage.
 */
public final class TestBedTool {
    private TestBedTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path root = TestBedConfig.defaultStateRoot();
        try {
            switch (args.length == 0 ? "help" : args[0]) {
                case "start" -> {
                    int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 1;
                    TestBed bed = TestBed.start(TestBedConfig.hosts(hosts).withKeepAfterExit(true));
                    out.println(bed.stateDir());
                    bed.hosts().forEach(h -> out.println(h.name() + " " + h.localUri() + " " + h.fabricUri()));
                }
                case "list" -> {
                    for (Path bed : TestBed.list(root)) {
                        out.println(bed + " " + TestBed.status(bed));
                    }
                }
                case "destroy" -> {
                    if (args.length != 2) {
                        return usage(err);
                    }
                    TestBed.destroy(Path.of(args[1]));
                }
                case "cleanup" -> TestBed.cleanupStale(root).forEach(out::println);
                case "help" -> {
                    usage(out);
                    return 0;
                }
                default -> {
                    return usage(err);
                }
            }
            return 0;
        } catch (NumberFormatException e) {
            return usage(err);
        } catch (RuntimeException e) {
            err.println("testbed: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream to) {
        List.of("usage: TestBedTool start [N]     start N hosts (default 1) that outlive this command; prints their URIs",
                "       TestBedTool list          beds under $" + TestBedConfig.STATE_ROOT_ENV + " (default /var/lib/kvmstack-testbed)",
                "       TestBedTool destroy DIR   stop and remove the bed in DIR",
                "       TestBedTool cleanup       remove every stale bed (creator gone, not started to outlive it)").forEach(to::println);
        return 2;
    }
}
