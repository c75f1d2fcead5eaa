package org.kvmstack.cli.image;

import java.util.List;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.client.UrlParts;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvmstack image delete NAME|ID…}. */
@Command(name = "delete", description = "Delete images.")
public final class ImageDeleteCommand extends CloudCommand {
    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Names or ids.")
    private List<String> images;

    ImageDeleteCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        for (String nameOrId : images) {
            String id = Images.find(client, nameOrId).path("id").asText();
            client.delete(ServiceType.IMAGE, "/images/" + UrlParts.segment(id));
        }
        return null;
    }
}
