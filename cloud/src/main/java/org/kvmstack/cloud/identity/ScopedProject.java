package org.kvmstack.cloud.identity;

/** The project a token is scoped to, with its domain (tokens show both). */
public record ScopedProject(Project project, Domain domain) {}
