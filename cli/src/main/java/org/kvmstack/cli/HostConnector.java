package org.kvmstack.cli;

import org.kvmstack.virt.VirtConnection;

/** Opens the libvirt connection a command works on; the command closes it. */
@FunctionalInterface
public interface HostConnector {
    /** @throws org.kvmstack.virt.VirtException CONNECTION_FAILED when the host cannot be reached */
    VirtConnection open(String uri);
}
