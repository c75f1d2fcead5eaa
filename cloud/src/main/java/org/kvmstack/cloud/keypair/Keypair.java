package org.kvmstack.cloud.keypair;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's SSH public key, named per user. {@code type} is Nova's keypair type ({@code ssh}).
 *
 * @param fingerprint MD5 of the key blob in colon-separated hex, as Nova reports it
 */
public record Keypair(String id, String userId, String name, String type, String publicKey, String fingerprint,
                      Instant createdAt) {
    public Keypair {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
