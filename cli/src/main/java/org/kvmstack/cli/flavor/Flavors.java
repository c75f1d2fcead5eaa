package org.kvmstack.cli.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.kvmstack.cli.client.NameOrId;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.client.UrlParts;

/** Flavor lookups shared by the flavor and server commands. */
public final class Flavors {
    private Flavors() {}

    /** Every flavor with its details ({@code GET /flavors/detail}). */
    public static JsonNode list(OpenStackClient client) {
        return client.get(ServiceType.COMPUTE, "/flavors/detail").path("flavors");
    }

    /**
     * The flavor with this id, else the one with this name.
     *
     * @throws org.kvmstack.cli.client.ClientException {@code flavor X not found (HTTP 404, req-…)}
     */
    public static JsonNode find(OpenStackClient client, String nameOrId) {
        return NameOrId.resolve("flavor", nameOrId,
                () -> Optional.of(client.get(ServiceType.COMPUTE, "/flavors/" + UrlParts.segment(nameOrId))
                        .path("flavor")),
                () -> list(client));
    }
}
