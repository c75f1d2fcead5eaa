package org.kvmstack.cli.server;

import static org.kvmstack.cli.client.ResourceViews.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;

/** How servers look in a table. */
final class ServerViews {
    private ServerViews() {}

    static Result table(JsonNode servers) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode server : servers) {
            rows.add(List.of(text(server, "id"), text(server, "name"), text(server, "status"),
                    text(server, "OS-EXT-STS:task_state"), Servers.addresses(server),
                    text(server.path("image"), "id"), flavor(server)));
        }
        return Result.of(servers,
                new View.Table(List.of("ID", "NAME", "STATUS", "TASK", "NETWORKS", "IMAGE", "FLAVOR"), rows));
    }

    /** Before microversion 2.47 a server names its flavor by id; from 2.47 it embeds {@code original_name}. */
    private static String flavor(JsonNode server) {
        JsonNode flavor = server.path("flavor");
        return flavor.has("original_name") ? text(flavor, "original_name") : text(flavor, "id");
    }
}
