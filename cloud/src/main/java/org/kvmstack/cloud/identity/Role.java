package org.kvmstack.cloud.identity;

/** A role a user holds on a project. */
public record Role(String id, String name) {
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String READER = "reader";
}
