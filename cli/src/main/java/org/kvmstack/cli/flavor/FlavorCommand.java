package org.kvmstack.cli.flavor;

import org.kvmstack.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kvmstack flavor …}: server sizes (Nova flavors). */
@Command(name = "flavor", description = "List, show, create and delete flavors (server sizes).")
public final class FlavorCommand extends GroupCommand {
}
