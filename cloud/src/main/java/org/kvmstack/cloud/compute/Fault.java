package org.kvmstack.cloud.compute;

import java.time.Instant;
import java.util.Objects;

/** Why a server is in ERROR (Nova's {@code fault}: code, message, created). */
public record Fault(int code, String message, Instant created) {
    public Fault {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(created, "created");
    }
}
