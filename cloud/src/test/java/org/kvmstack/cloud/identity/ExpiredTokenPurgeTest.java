package org.kvmstack.cloud.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;
import org.kvmstack.cloud.testing.MutableClock;

/** Expired tokens go in bounded batches, on the injected clock, on both store engines; valid ones stay. */
class ExpiredTokenPurgeTest {
    private static final Ref DEFAULT_DOMAIN = Ref.byName("Default", null);
    private static final Duration TTL = Duration.ofHours(1);

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @StoreTest
    void aPassDeletesAtMostItsBatchesOfExpiredTokensAndTheNextPassTheRest(StoreEngine engine) throws Exception {
        try (Database db = engine.open()) {
            IdentityService identity = identity(db);
            String password = bootstrap(db);
            for (int i = 0; i < 5; i++) {
                login(identity, password);
            }
            clock.advance(Duration.ofMinutes(30));
            List<IssuedToken> fresh = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                fresh.add(login(identity, password));
            }
            ExpiredTokenPurge purge = new ExpiredTokenPurge(identity, 2, 2);
            assertThat(purge.runOnce()).as("nothing expired yet").isZero();

            clock.advance(Duration.ofMinutes(31)); // the first five are past their hour, the last two are not
            assertThat(purge.runOnce()).as("two batches of two").isEqualTo(4);
            assertThat(tokenRows(db)).isEqualTo(3);
            assertThat(purge.runOnce()).isEqualTo(1);
            assertThat(purge.runOnce()).isZero();
            assertThat(tokenRows(db)).isEqualTo(2);
            for (IssuedToken token : fresh) {
                assertThat(identity.validateSubject(token.value()).user().name()).isEqualTo("admin");
            }
        }
    }

    @StoreTest
    void theScheduledPassPurgesWhatTheClockExpired(StoreEngine engine) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (Database db = engine.open()) {
            IdentityService identity = identity(db);
            String password = bootstrap(db);
            login(identity, password);
            login(identity, password);
            new ExpiredTokenPurge(identity, 1, 1).scheduleOn(timer, Duration.ofMillis(20));
            assertThat(tokenRows(db)).isEqualTo(2);

            clock.advance(TTL.plusMillis(1));
            // one token per pass: both gone after two passes at most, each 20 ms apart
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tokenRows(db) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(tokenRows(db)).isZero();
        } finally {
            timer.shutdownNow();
            assertThat(timer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFailedPassIsLoggedAndTheScheduleGoesOn(@TempDir Path dir) throws Exception {
        Database db = Database.open(org.kvmstack.cloud.config.DatabaseConfig.sqliteIn(dir));
        IdentityService identity = identity(db);
        db.close(); // every pass fails now
        ExpiredTokenPurge purge = new ExpiredTokenPurge(identity);
        assertThatThrownBy(purge::runOnce).isInstanceOf(RuntimeException.class);
        purge.run(); // does not throw: a throwing task would end the timer's schedule for good
    }

    @Test
    void passesComeFourTimesPerTokenLifetimeWithinOneSecondAndFifteenMinutes() {
        assertThat(ExpiredTokenPurge.intervalFor(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(15));
        assertThat(ExpiredTokenPurge.intervalFor(Duration.ofHours(24))).isEqualTo(Duration.ofMinutes(15));
        assertThat(ExpiredTokenPurge.intervalFor(Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(5));
        assertThat(ExpiredTokenPurge.intervalFor(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void batchesAreBounded(@TempDir Path dir) {
        try (Database db = Database.open(org.kvmstack.cloud.config.DatabaseConfig.sqliteIn(dir))) {
            IdentityService identity = identity(db);
            assertThatThrownBy(() -> new ExpiredTokenPurge(identity, 0, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ExpiredTokenPurge(identity, 1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> identity.purgeExpiredTokens(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private IdentityService identity(Database db) {
        return new IdentityService(db.jdbi(), PasswordHasher.bcrypt(4), clock, TTL, new SecureRandom());
    }

    private String bootstrap(Database db) {
        return new IdentityBootstrap(db.jdbi(), PasswordHasher.bcrypt(4), clock, new SecureRandom())
                .run(dataDir.resolve("admin-password-" + System.nanoTime())).generatedAdminPassword().orElseThrow();
    }

    private static IssuedToken login(IdentityService identity, String password) {
        return identity.authenticate(new PasswordAuthentication(Ref.byName("admin", DEFAULT_DOMAIN), password,
                Optional.empty()));
    }

    private static int tokenRows(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tokens").mapTo(Integer.class).one());
    }
}
