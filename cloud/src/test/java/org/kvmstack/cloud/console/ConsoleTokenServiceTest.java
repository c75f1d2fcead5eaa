package org.kvmstack.cloud.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.kvmstack.cloud.error.Unauthorized;
import org.kvmstack.cloud.identity.ExpiredTokenPurge;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;
import org.kvmstack.cloud.testing.MutableClock;

class ConsoleTokenServiceTest {
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final String PROJECT = "p-1";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final UUID instance = UUID.randomUUID();

    private ConsoleTokenService service(Database db) {
        return new ConsoleTokenService(db.jdbi(), clock, TTL, new SecureRandom());
    }

    @StoreTest
    void aTokenOpensItsConsoleOnceOnly(StoreEngine engine) {
        try (Database db = engine.open()) { // closed now: the run's PostgreSQL has a connection limit
            ConsoleTokenService tokens = service(db);
            IssuedConsoleToken issued = tokens.issue(instance, PROJECT, ConsoleType.SERIAL);

            assertThat(issued.token()).matches("[A-Za-z0-9_-]{43}"); // 32 bytes, URL-safe base64, no padding
            assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(TTL));
            assertThat(tokens.consume(issued.token(), ConsoleType.SERIAL))
                    .isEqualTo(new ConsoleGrant(instance, PROJECT, ConsoleType.SERIAL));
            assertThatThrownBy(() -> tokens.consume(issued.token(), ConsoleType.SERIAL)).isInstanceOf(Unauthorized.class);
        }
    }

    @StoreTest
    void aTokenExpiresAfterItsTimeToLive(StoreEngine engine) {
        try (Database db = engine.open()) { // closed now: the run's PostgreSQL has a connection limit
            ConsoleTokenService tokens = service(db);
            IssuedConsoleToken early = tokens.issue(instance, PROJECT, ConsoleType.NOVNC);
            IssuedConsoleToken late = tokens.issue(instance, PROJECT, ConsoleType.NOVNC);

            clock.advance(TTL.minusMillis(1));
            assertThat(tokens.consume(early.token(), ConsoleType.NOVNC).instanceId()).isEqualTo(instance);
            clock.advance(Duration.ofMillis(1));
            assertThatThrownBy(() -> tokens.consume(late.token(), ConsoleType.NOVNC))
                    .isInstanceOf(Unauthorized.class).hasMessageContaining("expired");
        }
    }

    @StoreTest
    void onlyTheHashIsStored(StoreEngine engine) {
        try (Database db = engine.open()) { // closed now: the run's PostgreSQL has a connection limit
            IssuedConsoleToken issued = service(db).issue(instance, PROJECT, ConsoleType.SERIAL);

            List<Map<String, Object>> rows = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM console_tokens")
                    .mapToMap().list());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).values()).noneMatch(v -> String.valueOf(v).contains(issued.token()));
            assertThat(rows.get(0).get("token_hash")).isEqualTo(ConsoleTokenService.digest(issued.token()));
            assertThat(String.valueOf(rows.get(0).get("token_hash"))).matches("[0-9a-f]{64}");
        }
    }

    @StoreTest
    void aTokenForAnotherConsoleTypeIsRefusedAndBurnt(StoreEngine engine) {
        try (Database db = engine.open()) { // closed now: the run's PostgreSQL has a connection limit
            ConsoleTokenService tokens = service(db);
            IssuedConsoleToken issued = tokens.issue(instance, PROJECT, ConsoleType.SERIAL);

            assertThatThrownBy(() -> tokens.consume(issued.token(), ConsoleType.NOVNC)).isInstanceOf(Unauthorized.class);
            assertThatThrownBy(() -> tokens.consume(issued.token(), ConsoleType.SERIAL)).isInstanceOf(Unauthorized.class);
        }
    }

    @StoreTest
    void unknownAndMalformedTokensAreRefused(StoreEngine engine) {
        try (Database db = engine.open()) { // closed now: the run's PostgreSQL has a connection limit
            ConsoleTokenService tokens = service(db);
            for (String bad : new String[] {null, "", "nope", "x".repeat(500)}) {
                assertThatThrownBy(() -> tokens.consume(bad, ConsoleType.SERIAL)).isInstanceOf(Unauthorized.class);
            }
        }
    }

    @StoreTest
    void ofTwoConcurrentConsumersExactlyOneWins(StoreEngine engine) throws Exception {
        try (Database db = engine.open()) { // closed now: the run's PostgreSQL has a connection limit
            ConsoleTokenService tokens = service(db);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 20; round++) {
                    String token = tokens.issue(instance, PROJECT, ConsoleType.SERIAL).token();
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Boolean>> outcomes = new ArrayList<>();
                    for (int consumer = 0; consumer < 2; consumer++) {
                        outcomes.add(pool.submit(() -> {
                            start.await();
                            try {
                                tokens.consume(token, ConsoleType.SERIAL);
                                return true;
                            } catch (Unauthorized e) {
                                return false;
                            }
                        }));
                    }
                    start.countDown();
                    int wins = 0;
                    for (Future<Boolean> outcome : outcomes) {
                        wins += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
                    }
                    assertThat(wins).as("round %d", round).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @StoreTest
    void purgeRemovesExpiredTokensOnly(StoreEngine engine) {
        try (Database db = engine.open()) { // closed now: the run's PostgreSQL has a connection limit
            ConsoleTokenService tokens = service(db);
            tokens.issue(instance, PROJECT, ConsoleType.SERIAL);
            clock.advance(Duration.ofMinutes(5));
            IssuedConsoleToken fresh = tokens.issue(instance, PROJECT, ConsoleType.SERIAL);
            clock.advance(Duration.ofMinutes(5));

            assertThat(tokens.purgeExpired(10)).isEqualTo(1);
            long left = db.jdbi().withHandle(h -> h.attach(ConsoleTokens.class).count());
            assertThat(left).isEqualTo(1L);
            assertThat(tokens.consume(fresh.token(), ConsoleType.SERIAL).instanceId()).isEqualTo(instance);
        }
    }

    @StoreTest
    void thePeriodicPurgeRemovesExpiredTokensInBoundedBatches(StoreEngine engine) {
        try (Database db = engine.open()) { // closed now: the run's PostgreSQL has a connection limit
            ConsoleTokenService tokens = service(db);
            for (int i = 0; i < 5; i++) {
                tokens.issue(instance, PROJECT, ConsoleType.NOVNC);
            }
            clock.advance(Duration.ofMinutes(5));
            IssuedConsoleToken fresh = tokens.issue(instance, PROJECT, ConsoleType.SERIAL);
            ExpiredTokenPurge purge = new ExpiredTokenPurge("console tokens", tokens::purgeExpired, 2, 2);
            assertThat(purge.runOnce()).as("nothing expired yet").isZero();

            clock.advance(Duration.ofMinutes(5)); // the first five reach their ten minutes, the last one does not
            assertThat(purge.runOnce()).as("two batches of two").isEqualTo(4);
            assertThat(rows(db)).isEqualTo(2L);
            assertThat(purge.runOnce()).isEqualTo(1);
            assertThat(purge.runOnce()).isZero();
            assertThat(rows(db)).isEqualTo(1L);
            assertThat(tokens.consume(fresh.token(), ConsoleType.SERIAL).instanceId()).isEqualTo(instance);
            assertThatThrownBy(() -> tokens.purgeExpired(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static long rows(Database db) {
        return db.jdbi().withHandle(h -> h.attach(ConsoleTokens.class).count());
    }

    @StoreTest
    void aNonPositiveTimeToLiveIsRefused(StoreEngine engine) {
        try (Database db = engine.open()) { // closed now: the run's PostgreSQL has a connection limit
            assertThatThrownBy(() -> new ConsoleTokenService(db.jdbi(), clock, Duration.ZERO, new SecureRandom()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
