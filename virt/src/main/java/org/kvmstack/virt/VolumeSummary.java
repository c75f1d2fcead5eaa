package org.kvmstack.virt;

/** One storage volume ({@code virsh vol-info}); sizes in bytes. */
public record VolumeSummary(String pool, String name, String key, String path, String type, long capacity,
                            long allocation) {
}
