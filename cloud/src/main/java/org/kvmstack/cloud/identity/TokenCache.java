package org.kvmstack.cloud.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Validated tokens kept in memory so that an authenticated request does not read the token, user,
 * domain, project and role rows on every call.
 *
 * <p>Contract:
 * <ul>
 *   <li>Keyed by the token's SHA-256 digest ({@link Secrets#digest}), never by the token value, so a
 *       heap dump shows no usable token.</li>
 *   <li>An entry answers only while {@code now < min(token expiry, time cached + ttl)}: a token never
 *       outlives its expiry through the cache, and a change made behind this controller's back
 *       (another process editing the store) is seen within {@code ttl}.</li>
 *   <li>{@link #evict} removes an entry at once; revocation in this controller calls it, so a revoked
 *       token fails on the very next request.</li>
 *   <li>At most {@code maxEntries} entries; the least recently used goes first.</li>
 * </ul>
 * Time comes from the injected {@link Clock}. Thread-safe.
 */
final class TokenCache {
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Map<String, Entry> entries;
    /** Counts evictions; guarded by {@code entries}. */
    private long evictions;

    private record Entry(AuthContext context, Instant validUntil) {}

    TokenCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("token cache TTL must be positive, got " + ttl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("token cache size must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        // Access order makes the map an LRU; the eldest entry is dropped when the bound is passed.
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > TokenCache.this.maxEntries;
            }
        };
    }

    /** The context cached under this digest, if present and still inside its validity. */
    Optional<AuthContext> get(String tokenDigest) {
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(tokenDigest);
            if (entry == null) {
                return Optional.empty();
            }
            if (!now.isBefore(entry.validUntil())) {
                entries.remove(tokenDigest);
                return Optional.empty();
            }
            return Optional.of(entry.context());
        }
    }

    /**
     * A stamp to take <em>before</em> reading the store, and to hand to {@link #put}: an eviction
     * between the two makes the put a no-op, so a validation racing a revocation cannot cache the
     * token after the revocation evicted it.
     */
    long stamp() {
        synchronized (entries) {
            return evictions;
        }
    }

    /**
     * Caches a context just validated against the store; ignored when the token is already expired
     * or when anything was evicted since {@code stampBeforeRead}.
     */
    void put(String tokenDigest, AuthContext context, long stampBeforeRead) {
        Instant now = clock.instant();
        Instant ttlEnd = now.plus(ttl);
        Instant validUntil = context.expiresAt().isBefore(ttlEnd) ? context.expiresAt() : ttlEnd;
        if (!now.isBefore(validUntil)) {
            return;
        }
        synchronized (entries) {
            if (evictions == stampBeforeRead) {
                entries.put(tokenDigest, new Entry(context, validUntil));
            }
        }
    }

    /** Forgets a token at once (revocation). */
    void evict(String tokenDigest) {
        synchronized (entries) {
            evictions++;
            entries.remove(tokenDigest);
        }
    }

    /** Forgets every token (a change that may affect any token, such as disabling a user or project). */
    void evictAll() {
        synchronized (entries) {
            evictions++;
            entries.clear();
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
