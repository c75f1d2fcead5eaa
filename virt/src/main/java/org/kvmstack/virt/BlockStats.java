package org.kvmstack.virt;

/** Counters of one domain disk ({@code virsh domblkstat}); -1 where the driver does not count. */
public record BlockStats(long readRequests, long readBytes, long writeRequests, long writeBytes, long errors) {
}
