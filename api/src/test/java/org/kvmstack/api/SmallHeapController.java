package org.kvmstack.api;

import java.nio.file.Path;
import java.time.Clock;

/**
 * A controller for a child JVM started by a test with a small heap: prints "port admin-password" on one line, runs
 * until its stdin closes.
 */
public final class SmallHeapController {
    private SmallHeapController() {}

    public static void main(String[] args) throws Exception {
        try (Controller controller = TestControllers.start(Path.of(args[0]), Clock.systemUTC())) {
            System.out.println(controller.port() + " " + controller.generatedAdminPassword().orElseThrow());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
