package org.kvmstack.virt;

/** Receives domain lifecycle events; see {@link VirtConnection#onDomainEvent} for threading. */
@FunctionalInterface
public interface DomainEventListener {
    /** Exceptions thrown here are logged and do not stop delivery to other listeners. */
    void onEvent(DomainEvent event);
}
