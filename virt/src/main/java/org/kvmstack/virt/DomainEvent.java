package org.kvmstack.virt;

import java.util.UUID;

/**
 * A domain lifecycle event.
 *
 * @param detail libvirt's detail name for the type, e.g. "BOOTED" for STARTED or "DESTROYED" for STOPPED
 */
public record DomainEvent(UUID uuid, String name, DomainEventType type, String detail) {
}
