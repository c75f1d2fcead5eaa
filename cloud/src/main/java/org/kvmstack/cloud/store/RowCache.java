package org.kvmstack.cloud.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rows that change rarely (flavors, hosts), read through to the store and kept in memory by key, so that a hot
 * read path (a server's view) does not read them again on every request.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #get} answers from memory while {@code now < time loaded + ttl}, and otherwise loads from the
 *       store. Absence is cached too ({@code Optional.empty()}), under the same rule.</li>
 *   <li>A write made <em>through this controller</em> calls {@link #invalidate} (or {@link #invalidateAll})
 *       after it commits: the next {@link #get} reads the store. A load that raced with an invalidation is not
 *       cached (the stamp taken before the load no longer matches), so a stale row cannot be put back after its
 *       write invalidated it.</li>
 *   <li>A write made by <em>another process</em> on the same store (a second controller on PostgreSQL) is seen
 *       within {@code ttl}: callers must use cached rows only where a row up to {@code ttl} old is acceptable
 *       (showing a server), never for decisions (creating a server, scheduling), which read the store.</li>
 *   <li>At most {@code maxEntries} keys; the least recently used goes first.</li>
 * </ul>
 * Time comes from the injected {@link Clock}, so tests move it instead of sleeping. Thread-safe; the loader runs
 * outside the lock (two threads missing at once may both load, which is harmless).
 *
 * @param <K> key, e.g. a flavor id
 * @param <V> the row
 */
public final class RowCache<K, V> {
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Function<K, Optional<V>> loader;
    private final Map<K, Entry<V>> entries;
    /** Counts invalidations; guarded by {@code entries}. */
    private long invalidations;

    private record Entry<V>(Optional<V> row, Instant validUntil) {}

    /**
     * @param loader reads one row from the store; empty when there is none
     * @throws IllegalArgumentException for a non-positive TTL or size
     */
    public RowCache(Clock clock, Duration ttl, int maxEntries, Function<K, Optional<V>> loader) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.loader = Objects.requireNonNull(loader, "loader");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("row cache TTL must be positive, got " + ttl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("row cache size must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        // Access order makes the map an LRU; the eldest entry is dropped when the bound is passed.
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > RowCache.this.maxEntries;
            }
        };
    }

    /** The row of {@code key}: from memory when fresh, else from the store (and then remembered). */
    public Optional<V> get(K key) {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        long stamp;
        synchronized (entries) {
            Entry<V> entry = entries.get(key);
            if (entry != null && now.isBefore(entry.validUntil())) {
                return entry.row();
            }
            stamp = invalidations;
        }
        Optional<V> loaded = Objects.requireNonNull(loader.apply(key), "loader result");
        synchronized (entries) {
            if (invalidations == stamp) {
                entries.put(key, new Entry<>(loaded, clock.instant().plus(ttl)));
            }
        }
        return loaded;
    }

    /** Forgets one key at once; call after a write of that row commits. */
    public void invalidate(K key) {
        synchronized (entries) {
            invalidations++;
            entries.remove(key);
        }
    }

    /** Forgets every key (a write that may touch any row). */
    public void invalidateAll() {
        synchronized (entries) {
            invalidations++;
            entries.clear();
        }
    }

    /** How many keys are held now (tests, metrics). */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
