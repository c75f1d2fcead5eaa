package org.kvmstack.cli.image;

import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ResourceViews;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvmstack image show NAME|ID}. */
@Command(name = "show", description = "Show one image.")
public final class ImageShowCommand extends CloudCommand {
    @Parameters(paramLabel = "IMAGE", description = "Name or id.")
    private String image;

    ImageShowCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        return ResourceViews.show(Images.find(client, image));
    }
}
