package org.kvmstack.cli.serve;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.kvmstack.api.Controller;
import org.kvmstack.api.ServerStartException;
import org.kvmstack.cloud.config.ConfigException;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.config.ControllerConfig;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.cloud.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kvmstack serve}: runs the controller in the foreground until SIGTERM/SIGINT, then
 * stops the HTTP server gracefully. Configuration: {@code --config} file (default
 * {@code /etc/kvmstack/kvmstack.conf} when present), {@code KVMSTACK_*} environment, and the
 * options below, in increasing precedence.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the kvmstack controller (OpenStack APIs on one HTTP port).")
public final class ServeCommand implements Callable<Integer> {
    /** bcrypt cost for real passwords: ~0.25 s per check on a small machine, slow enough for offline guessing. */
    private static final int BCRYPT_COST = 12;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (key = value lines).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default /var/lib/kvmstack).")
    String dataDir;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default 127.0.0.1).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default 8080).")
    String port;

    @Option(names = "--public-url", paramLabel = "URL", description = "Base URL clients reach the controller at.")
    String publicUrl;

    @Option(names = "--database-url", paramLabel = "JDBC_URL", description = "jdbc:postgresql://… (default: SQLite in the data directory).")
    String databaseUrl;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream err = System.err;
        ControllerConfig settings;
        try {
            settings = new ConfigLoader(System.getenv()).load(Optional.ofNullable(config), overrides());
        } catch (ConfigException e) {
            err.println("kvmstack serve: " + e.getMessage());
            return 2;
        }
        Controller controller;
        try {
            controller = Controller.start(settings, Clock.systemUTC(), PasswordHasher.bcrypt(BCRYPT_COST));
        } catch (StoreException | UncheckedIOException | ServerStartException e) {
            err.println("kvmstack serve: " + e.getMessage());
            return 1;
        }
        controller.generatedAdminPassword().ifPresent(password -> System.out.println(
                "kvmstack: created user 'admin' in project 'admin'; password: " + password
                        + " (saved in " + settings.adminPasswordFile() + ", shown only this once)"));
        System.out.println("kvmstack: listening on http://" + settings.bindAddress() + ":" + controller.port()
                + "/ (identity at /identity/v3)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controller.close();
            stopped.countDown();
        }, "kvmstack-shutdown"));
        stopped.await();
        return 0;
    }

    private Map<String, String> overrides() {
        Map<String, String> values = new HashMap<>();
        putIfGiven(values, ConfigLoader.DATA_DIR, dataDir);
        putIfGiven(values, ConfigLoader.BIND_ADDRESS, bind);
        putIfGiven(values, ConfigLoader.PORT, port);
        putIfGiven(values, ConfigLoader.PUBLIC_URL, publicUrl);
        putIfGiven(values, ConfigLoader.DATABASE_URL, databaseUrl);
        return values;
    }

    private static void putIfGiven(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
