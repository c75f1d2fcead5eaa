package org.kvmstack.cli.server;

import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ResourceViews;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvmstack server show NAME|ID}. */
@Command(name = "show", description = "Show one server.")
public final class ServerShowCommand extends CloudCommand {
    @Parameters(paramLabel = "SERVER", description = "Name or id.")
    private String server;

    ServerShowCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        return ResourceViews.show(Servers.find(client, server));
    }
}
