package org.kvmstack.cloud.identity;

/**
 * A token as stored: only the SHA-256 of its value, never the value.
 *
 * @param projectId null for an unscoped token
 * @param methods   comma-separated authentication methods, e.g. {@code password}
 * @param issuedAt  epoch milliseconds
 * @param expiresAt epoch milliseconds
 */
public record StoredToken(String tokenHash, String auditId, String userId, String projectId, String methods,
                          long issuedAt, long expiresAt, boolean revoked) {}
