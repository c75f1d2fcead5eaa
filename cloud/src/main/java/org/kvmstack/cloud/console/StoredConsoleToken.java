package org.kvmstack.cloud.console;

/** A console token row: what the store keeps (the hash, never the token). */
public record StoredConsoleToken(String tokenHash, String instanceId, String projectId, String consoleType,
                                 long issuedAt, long expiresAt) {
}
