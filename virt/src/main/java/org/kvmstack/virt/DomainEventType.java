package org.kvmstack.virt;

/** libvirt's domain lifecycle event types ({@code virDomainEventType}). */
public enum DomainEventType {
    DEFINED, UNDEFINED, STARTED, SUSPENDED, RESUMED, STOPPED, SHUTDOWN, PMSUSPENDED, CRASHED, UNKNOWN
}
