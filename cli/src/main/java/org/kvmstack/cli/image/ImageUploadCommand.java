package org.kvmstack.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ResourceViews;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvmstack image upload IMAGE FILE}: the bytes of a queued image. */
@Command(name = "upload", description = "Upload a file into a queued image (streamed, progress on stderr).")
public final class ImageUploadCommand extends CloudCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "Name or id.")
    private String image;

    @Parameters(index = "1", paramLabel = "FILE", description = "The image file.")
    private Path file;

    ImageUploadCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        if (!Files.isReadable(file)) {
            throw new CommandFailedException("cannot read " + file);
        }
        JsonNode found = Images.find(client, image);
        String id = found.path("id").asText();
        Images.upload(client, id, file, err());
        return ResourceViews.show(Images.get(client, id));
    }
}
