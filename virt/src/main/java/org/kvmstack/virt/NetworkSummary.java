package org.kvmstack.virt;

import java.util.UUID;

/** One line of {@code virsh net-list --all}; {@code bridge} is null while the network is inactive. */
public record NetworkSummary(UUID uuid, String name, boolean active, boolean persistent, boolean autostart,
                             String bridge) {
}
