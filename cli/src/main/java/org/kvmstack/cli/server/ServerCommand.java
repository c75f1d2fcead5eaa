package org.kvmstack.cli.server;

import org.kvmstack.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kvmstack server …}: virtual machines (Nova servers). */
@Command(name = "server", description = "Create, list, show, start, stop, reboot, pause, resume and delete servers.")
public final class ServerCommand extends GroupCommand {
}
