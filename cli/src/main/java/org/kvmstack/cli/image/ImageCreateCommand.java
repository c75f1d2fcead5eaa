package org.kvmstack.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ResourceViews;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvmstack image create NAME [--file FILE]}: registers an image and, with a file, uploads it. */
@Command(name = "create", description = "Create an image; with --file, upload its bytes too.")
public final class ImageCreateCommand extends CloudCommand {
    @Parameters(paramLabel = "NAME", description = "Image name.")
    private String name;

    @Option(names = "--file", paramLabel = "FILE", description = "Upload this file (streamed, progress on stderr).")
    private Path file;

    @Option(names = "--disk-format", paramLabel = "FORMAT", defaultValue = "qcow2",
            description = "qcow2 (default), raw or iso.")
    private String diskFormat;

    @Option(names = "--container-format", paramLabel = "FORMAT", defaultValue = "bare",
            description = "Container format (default bare).")
    private String containerFormat;

    @Option(names = "--min-disk", paramLabel = "GB", description = "Smallest root disk that fits this image.")
    private Integer minDisk;

    @Option(names = "--min-ram", paramLabel = "MB", description = "Least memory this image needs.")
    private Integer minRam;

    @Option(names = "--public", description = "Visible to every project (admin).")
    private boolean isPublic;

    ImageCreateCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        if (file != null && !Files.isReadable(file)) {
            // checked first: a missing file must not leave a queued image behind
            throw new CommandFailedException("cannot read " + file);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", name);
        body.put("disk_format", diskFormat);
        body.put("container_format", containerFormat);
        if (minDisk != null) {
            body.put("min_disk", minDisk);
        }
        if (minRam != null) {
            body.put("min_ram", minRam);
        }
        if (isPublic) {
            body.put("visibility", "public");
        }
        JsonNode image = client.post(ServiceType.IMAGE, "/images", body);
        if (file == null) {
            return ResourceViews.show(image);
        }
        Images.upload(client, image.path("id").asText(), file, err());
        return ResourceViews.show(Images.get(client, image.path("id").asText()));
    }
}
