package org.kvmstack.virt;

import java.util.UUID;

/**
 * One line of {@code virsh list --all}.
 *
 * @param id the running domain's id, or -1 when inactive
 */
public record DomainSummary(UUID uuid, String name, int id, DomainState state, boolean persistent) {
}
