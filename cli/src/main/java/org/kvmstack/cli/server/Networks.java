package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.kvmstack.cli.client.NameOrId;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.client.UrlParts;

/** Network lookup for {@code server create --network NAME|ID} (Neutron v2.0). */
final class Networks {
    private Networks() {}

    /** The id of the network with this id or name. */
    static String id(OpenStackClient client, String nameOrId) {
        JsonNode network = NameOrId.resolve("network", nameOrId,
                () -> UrlParts.looksLikeUuid(nameOrId)
                        ? Optional.of(client.get(ServiceType.NETWORK, "/networks/" + UrlParts.segment(nameOrId))
                                .path("network"))
                        : Optional.empty(),
                () -> client.get(ServiceType.NETWORK, "/networks?name=" + UrlParts.query(nameOrId)).path("networks"));
        return network.path("id").asText();
    }
}
