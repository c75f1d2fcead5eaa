package org.kvmstack.cli.host;

import org.kvmstack.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kvmstack host …}: one libvirt host, seen directly through libvirt. */
@Command(name = "host", description = "Validate and inspect a libvirt host.")
public final class HostCommand extends GroupCommand {
}
