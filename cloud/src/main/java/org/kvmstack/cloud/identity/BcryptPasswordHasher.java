package org.kvmstack.cloud.identity;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** bcrypt through Spring Security's encoder (no Spring container needed). */
final class BcryptPasswordHasher implements PasswordHasher {
    private final BCryptPasswordEncoder encoder;

    BcryptPasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4-31, got " + cost);
        }
        this.encoder = new BCryptPasswordEncoder(cost);
    }

    @Override
    public String hash(CharSequence password) {
        return encoder.encode(password);
    }

    @Override
    public boolean matches(CharSequence password, String hash) {
        return encoder.matches(password, hash);
    }
}
