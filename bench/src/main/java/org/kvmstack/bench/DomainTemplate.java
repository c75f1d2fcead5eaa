package org.kvmstack.bench;

import org.kvmstack.virt.xml.domain.Domain;

/** A domain definition that can be stamped out for many raw-libvirt guests, each with its own identity. */
public interface DomainTemplate {
    /** The domain for {@code identity}; {@code memoryKib} overrides the template's memory when positive. */
    Domain instantiate(GuestIdentity identity, long memoryKib);

    /** The libvirt network the guest's (first) NIC is on, where its DHCP lease shows up. */
    String networkName();

    /** Where the template came from, for the report. */
    String origin();
}
