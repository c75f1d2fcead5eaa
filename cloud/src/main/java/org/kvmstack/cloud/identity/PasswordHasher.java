package org.kvmstack.cloud.identity;

/** One-way password hashing. Implementations must be slow by design and salt every hash. */
public interface PasswordHasher {
    /** Returns a self-describing hash (algorithm, cost and salt included) of the password. */
    String hash(CharSequence password);

    /** True when the password matches a hash made by {@link #hash}; false for any malformed hash. */
    boolean matches(CharSequence password, String hash);

    /** bcrypt at the given cost (log2 rounds, 4-31); 12 for production, 4 keeps tests fast. */
    static PasswordHasher bcrypt(int cost) {
        return new BcryptPasswordHasher(cost);
    }
}
