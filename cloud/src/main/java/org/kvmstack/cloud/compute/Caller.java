package org.kvmstack.cloud.compute;

import java.util.Objects;

/** Who asks: the project servers are created in and listed from, the user (keypairs), admin or not. */
public record Caller(String projectId, String userId, boolean admin) {
    public Caller {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(userId, "userId");
    }
}
