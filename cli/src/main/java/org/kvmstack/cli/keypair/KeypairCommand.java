package org.kvmstack.cli.keypair;

import org.kvmstack.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kvmstack keypair …}: SSH keys put into servers through the config drive. */
@Command(name = "keypair", description = "Create, import, list, show and delete SSH key pairs.")
public final class KeypairCommand extends GroupCommand {
}
