package org.kvmstack.virt;

/** Counters of one domain interface, host side ({@code virsh domifstat}). */
public record InterfaceStats(long rxBytes, long rxPackets, long rxErrors, long rxDrops,
                             long txBytes, long txPackets, long txErrors, long txDrops) {
}
