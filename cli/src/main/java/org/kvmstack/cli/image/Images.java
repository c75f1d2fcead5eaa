package org.kvmstack.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.kvmstack.cli.client.NameOrId;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ProgressBar;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.client.Terminal;
import org.kvmstack.cli.client.UrlParts;

/** Image lookups and upload, shared by the image and server commands and quickstart. */
public final class Images {
    /** Bound on the pages followed when listing, so that a server looping on {@code next} cannot spin. */
    private static final int MAX_PAGES = 1000;

    private Images() {}

    /** Every image visible to the caller, following Glance's {@code next} links; {@code query} without {@code ?}. */
    public static ArrayNode list(OpenStackClient client, String query) {
        ArrayNode images = JsonNodeFactory.instance.arrayNode();
        String path = "/images" + (query.isEmpty() ? "" : "?" + query);
        for (int page = 0; page < MAX_PAGES && path != null; page++) {
            JsonNode body = client.get(ServiceType.IMAGE, path);
            body.path("images").forEach(images::add);
            // Glance's next link is "/v2/images?marker=…": relative to the unversioned endpoint
            String next = body.path("next").asText(null);
            path = next == null ? null : next.replaceFirst("^/v2", "");
        }
        return images;
    }

    /**
     * The image with this id, else the one with this name.
     *
     * @throws org.kvmstack.cli.client.ClientException {@code image X not found (HTTP 404, req-…)}
     */
    public static JsonNode find(OpenStackClient client, String nameOrId) {
        return NameOrId.resolve("image", nameOrId,
                () -> UrlParts.looksLikeUuid(nameOrId)
                        ? Optional.of(client.get(ServiceType.IMAGE, "/images/" + UrlParts.segment(nameOrId)))
                        : Optional.empty(),
                () -> list(client, "name=" + UrlParts.query(nameOrId)));
    }

    /** Streams a file into an image ({@code PUT /images/{id}/file}) with a progress display on {@code err}. */
    public static void upload(OpenStackClient client, String imageId, Path file, PrintWriter err) {
        ProgressBar progress = new ProgressBar(err, Terminal.stderrIsTerminal(), "uploading " + file.getFileName(),
                System::nanoTime);
        try {
            client.upload(ServiceType.IMAGE, "/images/" + UrlParts.segment(imageId) + "/file", file, progress);
        } finally {
            progress.finish();
        }
    }

    /** The image as it is now. */
    public static JsonNode get(OpenStackClient client, String imageId) {
        return client.get(ServiceType.IMAGE, "/images/" + UrlParts.segment(imageId));
    }
}
