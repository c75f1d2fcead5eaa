package org.kvmstack.cli.flavor;

import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ResourceViews;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvmstack flavor show NAME|ID}. */
@Command(name = "show", description = "Show one flavor.")
public final class FlavorShowCommand extends CloudCommand {
    @Parameters(paramLabel = "FLAVOR", description = "Name or id.")
    private String flavor;

    FlavorShowCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        return ResourceViews.show(Flavors.find(client, flavor));
    }
}
