package org.kvmstack.cloud.console;

import java.util.UUID;

/** What a consumed token allowed: one session on one console of one instance. */
public record ConsoleGrant(UUID instanceId, String projectId, ConsoleType type) {
}
