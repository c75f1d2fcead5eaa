package org.kvmstack.cloud.identity;

/** A user account. The password hash is deliberately not part of this model; see {@link Users#passwordHash}. */
public record User(String id, String domainId, String name, boolean enabled, String defaultProjectId) {}
