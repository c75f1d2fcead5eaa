package org.kvmstack.cloud.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets (token values, generated passwords) and the digest under which tokens are stored. */
final class Secrets {
    private final SecureRandom random;

    Secrets(SecureRandom random) {
        this.random = random;
    }

    /** 256 random bits, URL-safe base64 without padding (43 characters). */
    String newToken() {
        return randomBase64(32);
    }

    /** A 20-character password of letters and digits (about 117 bits of entropy); easy to paste, hard to guess. */
    String newPassword() {
        return randomBase64(15).replace('-', 'x').replace('_', 'y');
    }

    /** An opaque id for audit trails: the token's public name, safe to log. */
    String newAuditId() {
        return randomBase64(16);
    }

    /** SHA-256 of the token value, hex; what the store keeps instead of the token. */
    static String digest(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private String randomBase64(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
