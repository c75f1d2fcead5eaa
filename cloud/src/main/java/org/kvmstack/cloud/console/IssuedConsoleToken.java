package org.kvmstack.cloud.console;

import java.time.Instant;
import java.util.UUID;

/**
 * A console token just issued. {@code token} is the only copy of the secret: put it in the URL handed to the
 * user and nowhere else (never in logs).
 */
public record IssuedConsoleToken(String token, UUID instanceId, ConsoleType type, Instant expiresAt) {
    @Override
    public String toString() {
        return "IssuedConsoleToken[instance=" + instanceId + ", type=" + type + ", expiresAt=" + expiresAt + "]";
    }
}
