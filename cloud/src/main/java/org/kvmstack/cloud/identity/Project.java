package org.kvmstack.cloud.identity;

/** A project (tenant): the owner of resources and the scope of a token. */
public record Project(String id, String domainId, String name, String description, boolean enabled) {}
