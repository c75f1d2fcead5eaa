package org.kvmstack.cli.server;

import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;

/** {@code kvmstack server list}. */
@Command(name = "list", description = "List servers.")
public final class ServerListCommand extends CloudCommand {
    ServerListCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        return ServerViews.table(client.get(ServiceType.COMPUTE, "/servers/detail").path("servers"));
    }
}
