package org.kvmstack.cloud.keypair;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.NotFound;

/** SSH keypairs per user: generate (private key returned once), import, list, show, delete. */
public final class KeypairService {
    /** Key algorithms a generated keypair can use. */
    public enum Algorithm { RSA, ED25519 }

    // Nova: letters, digits, spaces, '.', '_', '-', '@' and up to 255 characters.
    private static final Pattern NAME = Pattern.compile("^[\\w .@-]{1,255}$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final RowMapper<Keypair> MAPPER = (rs, ctx) -> new Keypair(rs.getString("id"),
            rs.getString("user_id"), rs.getString("name"), rs.getString("type"), rs.getString("public_key"),
            rs.getString("fingerprint"), Instant.ofEpochMilli(rs.getLong("created_at")));

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecureRandom random;

    public KeypairService(Jdbi jdbi, Clock clock, SecureRandom random) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Generates a keypair (RSA 2048 as Nova does, or Ed25519) and stores its public half. */
    public GeneratedKeypair generate(String userId, String name, Algorithm algorithm) {
        checkName(name);
        KeyPair pair = newKeyPair(algorithm);
        OpenSshPublicKey publicKey = OpenSshPublicKey.of(pair.getPublic(), "Generated-by-kvmstack");
        Keypair stored = store(userId, name, publicKey);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new GeneratedKeypair(stored, pem);
    }

    /** Imports an OpenSSH public key ({@code ssh-ed25519 AAAA... comment}). */
    public Keypair importKey(String userId, String name, String publicKey) {
        checkName(name);
        return store(userId, name, OpenSshPublicKey.parse(publicKey));
    }

    public List<Keypair> list(String userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM keypairs WHERE user_id = :u ORDER BY name")
                .bind("u", userId).map(MAPPER).list());
    }

    public Optional<Keypair> find(String userId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM keypairs WHERE user_id = :u AND name = :n")
                .bind("u", userId).bind("n", name).map(MAPPER).findOne());
    }

    /** @throws NotFound when the user has no keypair of that name */
    public Keypair get(String userId, String name) {
        return find(userId, name).orElseThrow(() -> new NotFound("Keypair " + name + " not found for user " + userId));
    }

    public void delete(String userId, String name) {
        int deleted = jdbi.withHandle(h -> h.createUpdate("DELETE FROM keypairs WHERE user_id = :u AND name = :n")
                .bind("u", userId).bind("n", name).execute());
        if (deleted == 0) {
            throw new NotFound("Keypair " + name + " not found for user " + userId);
        }
    }

    private Keypair store(String userId, String name, OpenSshPublicKey key) {
        if (find(userId, name).isPresent()) {
            throw new Conflict("Key pair '" + name + "' already exists.");
        }
        Keypair keypair = new Keypair(UUID.randomUUID().toString(), userId, name, "ssh", key.text(),
                key.md5Fingerprint(), Instant.ofEpochMilli(clock.millis()));
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO keypairs (id, user_id, name, type, public_key, fingerprint, "
                        + "created_at) VALUES (:id, :u, :n, :t, :k, :f, :at)")
                .bind("id", keypair.id()).bind("u", userId).bind("n", name).bind("t", keypair.type())
                .bind("k", keypair.publicKey()).bind("f", keypair.fingerprint())
                .bind("at", keypair.createdAt().toEpochMilli()).execute());
        return keypair;
    }

    private KeyPair newKeyPair(Algorithm algorithm) {
        try {
            KeyPairGenerator generator;
            if (algorithm == Algorithm.ED25519) {
                generator = KeyPairGenerator.getInstance("Ed25519");
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, random);
            }
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK 17 provides RSA and Ed25519 key generation", e);
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.isBlank()) {
            throw new BadRequest("Keypair data is invalid: Keypair name contains unsafe characters or is not 1-255 characters");
        }
    }
}
