package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.api.TestControllers.passwordAuth;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.testing.MutableClock;

/**
 * The production controller purges expired tokens on its own timer, not only at start: with {@code token_ttl = 2 s}
 * it passes every second (the shortest interval), and once the injected clock has moved past the tokens' lifetime
 * the table empties without a restart.
 */
class TokenPurgeOnControllerTimerTest {
    @Test
    void expiredTokensLeaveTheStoreWhileTheControllerRuns(@TempDir Path dataDir) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        var config = new ConfigLoader(Map.of(), dataDir.resolve("absent.conf")).load(Optional.empty(), Map.of(
                ConfigLoader.DATA_DIR, dataDir.toString(), ConfigLoader.PORT, "0", ConfigLoader.TOKEN_TTL, "PT2S"));
        try (Controller controller = Controller.start(config, clock, PasswordHasher.bcrypt(4));
             Database store = Database.open(DatabaseConfig.sqliteIn(dataDir))) {
            String password = controller.generatedAdminPassword().orElseThrow();
            for (int i = 0; i < 3; i++) {
                int status = send(request(controller.port(), "/identity/v3/auth/tokens")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(passwordAuth("admin", password, "admin"))))
                        .statusCode();
                assertThat(status).isEqualTo(201);
            }
            assertThat(tokenRows(store)).isEqualTo(3);

            clock.advance(Duration.ofHours(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (tokenRows(store) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(tokenRows(store)).as("expired tokens purged by the controller's timer").isZero();
        }
    }

    private static int tokenRows(Database store) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tokens").mapTo(Integer.class).one());
    }
}
