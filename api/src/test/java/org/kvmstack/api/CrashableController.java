package org.kvmstack.api;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.identity.PasswordHasher;

/**
 * The production controller in a child JVM for {@link CrashAuditOnTestBedIT}, configured like
 * {@link ControllerOnTestBed}'s (one host named {@code lab}, a 2 s reconcile interval, cheap bcrypt): the test kills it
 * with SIGKILL and starts another on the same data directory and port. Prints {@code LISTENING <port>} once it
 * serves; runs until killed. The admin's password is in the data directory's {@code admin-password}.
 *
 * <p>Arguments: data directory, the host's libvirt URI, port.
 */
public final class CrashableController {
    private CrashableController() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        var config = new ConfigLoader(Map.of(), dataDir.resolve("absent.conf")).load(Optional.empty(), Map.of(
                ConfigLoader.DATA_DIR, dataDir.toString(), ConfigLoader.PORT, args[2],
                ConfigLoader.HOSTS, "lab=" + args[1], ConfigLoader.COMPUTE_RECONCILE_INTERVAL, "2"));
        Controller controller = Controller.start(config, Clock.systemUTC(), PasswordHasher.bcrypt(4));
        System.out.println("LISTENING " + controller.port());
        System.out.flush();
        // No shutdown hook and no close: this process only ever ends by SIGKILL (or the test's final SIGTERM).
        Thread.sleep(Long.MAX_VALUE);
    }
}
