package org.kvmstack.cloud.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kvmstack.cloud.testing.MutableClock;

class TokenCacheTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(START);

    private static AuthContext context(String auditId, Instant expiresAt) {
        User user = new User("u1", "default", "alice", true, null);
        return new AuthContext(auditId, user, new Domain("default", "Default", true), Optional.empty(),
                List.of(), List.of("password"), START, expiresAt);
    }

    private void putNow(TokenCache cache, String digest, AuthContext context) {
        cache.put(digest, context, cache.stamp());
    }

    @Test
    void aCachedTokenIsAHitUntilTheTtlPasses() {
        TokenCache cache = new TokenCache(clock, TTL, 10);
        AuthContext alice = context("a1", START.plus(Duration.ofHours(1)));
        assertThat(cache.get("d1")).isEmpty();
        putNow(cache, "d1", alice);

        clock.advance(TTL.minusMillis(1));
        assertThat(cache.get("d1")).contains(alice);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("d1")).isEmpty();
        assertThat(cache.size()).as("an expired entry is dropped when seen").isZero();
    }

    @Test
    void aTokenNeverOutlivesItsOwnExpiryThroughTheCache() {
        TokenCache cache = new TokenCache(clock, TTL, 10);
        putNow(cache, "d1", context("a1", START.plusSeconds(5)));
        clock.advance(Duration.ofMillis(4_999));
        assertThat(cache.get("d1")).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("d1")).isEmpty();

        putNow(cache, "d2", context("a2", START.plusSeconds(5)));
        assertThat(cache.get("d2")).as("already expired when put").isEmpty();
    }

    @Test
    void evictionRemovesAtOnceAndRefusesAPutThatReadTheStoreBeforeIt() {
        TokenCache cache = new TokenCache(clock, TTL, 10);
        AuthContext alice = context("a1", START.plus(Duration.ofHours(1)));
        putNow(cache, "d1", alice);
        putNow(cache, "d2", context("a2", START.plus(Duration.ofHours(1))));
        cache.evict("d1");
        assertThat(cache.get("d1")).isEmpty();
        assertThat(cache.get("d2")).isPresent();

        long stampBeforeStoreRead = cache.stamp();
        cache.evict("d1"); // a revocation lands while the validation reads the store
        cache.put("d1", alice, stampBeforeStoreRead);
        assertThat(cache.get("d1")).as("a validation racing a revocation is not cached").isEmpty();

        cache.evictAll();
        assertThat(cache.get("d2")).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedEntryGoesWhenTheBoundIsPassed() {
        TokenCache cache = new TokenCache(clock, TTL, 2);
        Instant later = START.plus(Duration.ofHours(1));
        putNow(cache, "d1", context("a1", later));
        putNow(cache, "d2", context("a2", later));
        assertThat(cache.get("d1")).isPresent(); // d1 now more recent than d2
        putNow(cache, "d3", context("a3", later));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("d2")).isEmpty();
        assertThat(cache.get("d1")).isPresent();
        assertThat(cache.get("d3")).isPresent();
    }

    @Test
    void refusesASettingThatCannotWork() {
        assertThatThrownBy(() -> new TokenCache(clock, Duration.ZERO, 10)).hasMessageContaining("TTL");
        assertThatThrownBy(() -> new TokenCache(clock, TTL, 0)).hasMessageContaining("size");
    }
}
