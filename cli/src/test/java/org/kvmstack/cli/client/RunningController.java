package org.kvmstack.cli.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.kvmstack.api.Controller;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.identity.PasswordHasher;

/** The production controller in-process on a free loopback port, and credentials for its admin. */
public final class RunningController implements AutoCloseable {
    private final Controller controller;
    private final String adminPassword;

    private RunningController(Controller controller, String adminPassword) {
        this.controller = controller;
        this.adminPassword = adminPassword;
    }

    public static RunningController start(Path dataDir) {
        var config = new ConfigLoader(Map.of(), dataDir.resolve("absent.conf")).load(Optional.empty(),
                Map.of(ConfigLoader.DATA_DIR, dataDir.toString(), ConfigLoader.PORT, "0"));
        // cheap bcrypt: these tests are about the client, not password hashing
        Controller controller = Controller.start(config, Clock.systemUTC(), PasswordHasher.bcrypt(4));
        String password = controller.generatedAdminPassword()
                .orElseThrow(() -> new IllegalStateException("a fresh data dir must bootstrap an admin"));
        return new RunningController(controller, password);
    }

    public URI authUrl() {
        return URI.create("http://127.0.0.1:" + controller.port() + "/identity/v3");
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** OS_* variables of the admin. */
    public Map<String, String> adminEnvironment() {
        return Map.of("OS_AUTH_URL", authUrl().toString(), "OS_USERNAME", "admin", "OS_PASSWORD", adminPassword,
                "OS_PROJECT_NAME", "admin", "OS_USER_DOMAIN_NAME", "Default", "OS_PROJECT_DOMAIN_NAME", "Default");
    }

    public CloudConfig admin() {
        return new CloudConfig(authUrl(), "admin", adminPassword, "admin", "Default", "Default", Optional.empty(),
                Duration.ofSeconds(10), "test");
    }

    @Override
    public void close() {
        controller.close();
    }
}
