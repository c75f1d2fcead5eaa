package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kvmstack.cli.client.NameOrId;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.client.UrlParts;

/** Server lookups and actions shared by the server commands. */
final class Servers {
    private Servers() {}

    static String path(String id) {
        return "/servers/" + UrlParts.segment(id);
    }

    /** The server as it is now ({@code GET /servers/{id}}). */
    static JsonNode get(OpenStackClient client, String id) {
        return client.get(ServiceType.COMPUTE, path(id)).path("server");
    }

    /** The server as it is now, or empty once it is gone (404). */
    static Optional<JsonNode> findById(OpenStackClient client, String id) {
        return client.find(ServiceType.COMPUTE, path(id)).map(body -> body.path("server"));
    }

    /**
     * The server with this id, else the one with this name (Nova's name filter is a regular
     * expression, so the name is matched exactly here as well).
     */
    static JsonNode find(OpenStackClient client, String nameOrId) {
        return NameOrId.resolve("server", nameOrId,
                () -> UrlParts.looksLikeUuid(nameOrId) ? Optional.of(get(client, nameOrId)) : Optional.empty(),
                () -> client.get(ServiceType.COMPUTE,
                        "/servers/detail?name=" + UrlParts.query(UrlParts.exactNameRegex(nameOrId))).path("servers"));
    }

    /** Posts {@code {"<action>": <argument>}} to {@code /servers/{id}/action}. */
    static JsonNode action(OpenStackClient client, String id, String action, JsonNode argument) {
        ObjectNode body = ObjectNodes.object();
        body.set(action, argument);
        return client.post(ServiceType.COMPUTE, path(id) + "/action", body);
    }

    /** {@code addresses} as {@code net1=10.0.0.5, 10.0.0.6; net2=…}, the way the openstack CLI shows them. */
    static String addresses(JsonNode server) {
        List<String> networks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> network : iterable(server.path("addresses"))) {
            List<String> ips = new ArrayList<>();
            network.getValue().forEach(address -> ips.add(address.path("addr").asText()));
            networks.add(network.getKey() + "=" + String.join(", ", ips));
        }
        return String.join("; ", networks);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }
}
