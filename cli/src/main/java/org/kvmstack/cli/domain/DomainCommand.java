package org.kvmstack.cli.domain;

import org.kvmstack.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kvmstack domain …}: inspect one libvirt domain directly, as virsh would. */
@Command(name = "domain", description = "Inspect a libvirt domain on a host (dumpxml, iflist, blklist, info,"
        + " addresses).")
public final class DomainCommand extends GroupCommand {
}
