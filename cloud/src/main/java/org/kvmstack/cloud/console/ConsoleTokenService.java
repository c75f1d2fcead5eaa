package org.kvmstack.cloud.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.error.Unauthorized;

/**
 * Issues and consumes console tokens. A token is 32 random bytes, URL-safe base64 without padding; the store
 * keeps only its SHA-256. A token is valid for one use within its time to live: {@link #consume} deletes it in the
 * same statement that reads it, so two concurrent uses cannot both succeed. Thread-safe.
 */
public final class ConsoleTokenService {
    /** How long a console URL stays usable when not configured otherwise (nova's default too). */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    private static final String REFUSED = "The console token is invalid, expired or already used.";

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random;

    /**
     * @param ttl how long an issued token may be used; positive
     */
    public ConsoleTokenService(Jdbi jdbi, Clock clock, Duration ttl, SecureRandom random) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.random = Objects.requireNonNull(random, "random");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("console token time to live must be positive, got " + ttl);
        }
    }

    /** Issues a token for one session on {@code type} console of the instance. */
    public IssuedConsoleToken issue(UUID instanceId, String projectId, ConsoleType type) {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(type, "type");
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        StoredConsoleToken row = new StoredConsoleToken(digest(token), instanceId.toString(), projectId,
                type.apiName(), now.toEpochMilli(), expires.toEpochMilli());
        jdbi.useHandle(h -> h.attach(ConsoleTokens.class).insert(row));
        return new IssuedConsoleToken(token, instanceId, type, expires);
    }

    /**
     * Uses up a token for a console of {@code expectedType}. The token is gone afterwards whatever the outcome
     * (a token presented on the wrong console or too late is burnt too).
     *
     * @throws Unauthorized when the token is unknown, already used, expired or for another console type
     */
    public ConsoleGrant consume(String token, ConsoleType expectedType) {
        Objects.requireNonNull(expectedType, "expectedType");
        if (token == null || token.isBlank() || token.length() > 128) {
            throw new Unauthorized(REFUSED);
        }
        StoredConsoleToken row = jdbi.withHandle(h -> h.attach(ConsoleTokens.class).take(digest(token)))
                .orElseThrow(() -> new Unauthorized(REFUSED));
        if (clock.millis() >= row.expiresAt() || !expectedType.apiName().equals(row.consoleType())) {
            throw new Unauthorized(REFUSED);
        }
        return new ConsoleGrant(UUID.fromString(row.instanceId()), row.projectId(), expectedType);
    }

    /**
     * Deletes at most {@code limit} tokens whose time has passed, in one short write; housekeeping, safe to call any
     * time (the controller's timer calls it through an {@code ExpiredTokenPurge}).
     *
     * @return how many were deleted; fewer than {@code limit} means none expired is left
     */
    public int purgeExpired(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a purge batch holds at least one token, not " + limit);
        }
        long now = clock.millis();
        return jdbi.withHandle(h -> h.attach(ConsoleTokens.class).deleteExpired(now, limit));
    }

    /** SHA-256 of the token, hex: the only form in which a token is stored. */
    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
