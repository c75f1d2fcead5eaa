package org.kvmstack.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;

/** The service catalog of a Keystone v3 token: finds the public endpoint of a service. */
final class Catalog {
    private final JsonNode services;
    private final Optional<String> region;

    /**
     * @param catalog the token's {@code catalog} array
     * @param region  only endpoints of this region; empty: any region
     */
    Catalog(JsonNode catalog, Optional<String> region) {
        this.services = catalog;
        this.region = region;
    }

    /**
     * The versioned base URL of a service's public endpoint.
     *
     * @throws ClientException when the catalog has no such endpoint
     */
    URI endpoint(ServiceType type) {
        for (String catalogType : type.catalogTypes()) {
            for (JsonNode service : services) {
                if (!catalogType.equals(service.path("type").asText())) {
                    continue;
                }
                for (JsonNode endpoint : service.path("endpoints")) {
                    boolean isPublic = "public".equals(endpoint.path("interface").asText());
                    boolean inRegion = region.isEmpty()
                            || region.get().equals(endpoint.path("region").asText(endpoint.path("region_id").asText()));
                    if (isPublic && inRegion && endpoint.path("url").isTextual()) {
                        return URI.create(type.versioned(endpoint.get("url").asText()));
                    }
                }
            }
        }
        throw new ClientException("the cloud's catalog has no public " + type.displayName() + " endpoint"
                + region.map(r -> " in region " + r).orElse(""));
    }
}
