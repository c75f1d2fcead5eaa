package org.kvmstack.cloud.compute;

/** A base image cached in a host's pool: the path an overlay's backing store names. */
public record CachedBase(String volumePath, String format, long virtualSize) {
}
