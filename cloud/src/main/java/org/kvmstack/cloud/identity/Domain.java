package org.kvmstack.cloud.identity;

/** A Keystone domain: the namespace of user and project names. */
public record Domain(String id, String name, boolean enabled) {
    /** Keystone's well-known default domain, created at bootstrap. */
    public static final String DEFAULT_ID = "default";
    public static final String DEFAULT_NAME = "Default";
}
