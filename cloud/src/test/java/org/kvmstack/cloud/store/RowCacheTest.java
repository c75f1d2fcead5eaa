package org.kvmstack.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.kvmstack.cloud.testing.MutableClock;

class RowCacheTest {
    private static final Duration TTL = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
    private final Map<String, String> store = new HashMap<>();
    private final AtomicInteger loads = new AtomicInteger();

    private RowCache<String, String> cache(int size) {
        return new RowCache<>(clock, TTL, size, key -> {
            loads.incrementAndGet();
            return Optional.ofNullable(store.get(key));
        });
    }

    @Test
    void answersFromMemoryUntilTheTtlThenReadsTheStoreAgain() {
        RowCache<String, String> cache = cache(10);
        store.put("a", "one");
        assertThat(cache.get("a")).contains("one");
        store.put("a", "two"); // a write behind the cache's back (another controller)
        clock.advance(TTL.minusMillis(1));
        assertThat(cache.get("a")).contains("one");
        assertThat(loads).hasValue(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("a")).contains("two");
        assertThat(loads).hasValue(2);
    }

    @Test
    void absenceIsCachedAndAnInvalidationShowsANewRowAtOnce() {
        RowCache<String, String> cache = cache(10);
        assertThat(cache.get("b")).isEmpty();
        store.put("b", "created");
        assertThat(cache.get("b")).isEmpty();
        cache.invalidate("b");
        assertThat(cache.get("b")).contains("created");
        store.remove("b");
        cache.invalidateAll();
        assertThat(cache.get("b")).isEmpty();
    }

    @Test
    void aLoadThatRacedWithAnInvalidationIsNotKept() {
        RowCache<String, String>[] holder = new RowCache[1];
        store.put("c", "old");
        // The loader reads the old row, then a write commits and invalidates before the load is stored.
        holder[0] = new RowCache<>(clock, TTL, 10, key -> {
            Optional<String> read = Optional.ofNullable(store.get(key));
            store.put(key, "new");
            holder[0].invalidate(key);
            return read;
        });
        assertThat(holder[0].get("c")).contains("old");
        assertThat(holder[0].size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedKeyGoesFirst() {
        RowCache<String, String> cache = cache(2);
        store.put("x", "1");
        store.put("y", "2");
        store.put("z", "3");
        cache.get("x");
        cache.get("y");
        cache.get("x");
        cache.get("z");
        assertThat(cache.size()).isEqualTo(2);
        int before = loads.get();
        cache.get("x");
        assertThat(loads).hasValue(before); // x was used recently and stayed
        cache.get("y");
        assertThat(loads).hasValue(before + 1); // y was evicted
    }

    @Test
    void badSettingsFailFast() {
        assertThatThrownBy(() -> new RowCache<String, String>(clock, Duration.ZERO, 1, k -> Optional.empty()))
                .hasMessageContaining("TTL");
        assertThatThrownBy(() -> new RowCache<String, String>(clock, TTL, 0, k -> Optional.empty()))
                .hasMessageContaining("size");
    }
}
