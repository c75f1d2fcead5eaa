package org.kvmstack.cloud.image;

/**
 * What an upload wrote, measured while it streamed: byte count, digests (lowercase hex) and the virtual size the
 * image's own header states.
 */
record StoredBytes(long size, long virtualSize, String md5, String sha256, String sha512) {}
