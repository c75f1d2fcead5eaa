package org.kvmstack.cli.image;

import static org.kvmstack.cli.client.ResourceViews.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;
import picocli.CommandLine.Command;

/** {@code kvmstack image list}. */
@Command(name = "list", description = "List images.")
public final class ImageListCommand extends CloudCommand {
    ImageListCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        var images = Images.list(client, "");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode image : images) {
            rows.add(List.of(text(image, "id"), text(image, "name"), text(image, "status"),
                    text(image, "disk_format"), text(image, "size"), text(image, "visibility")));
        }
        return Result.of(images,
                new View.Table(List.of("ID", "NAME", "STATUS", "FORMAT", "SIZE", "VISIBILITY"), rows));
    }
}
