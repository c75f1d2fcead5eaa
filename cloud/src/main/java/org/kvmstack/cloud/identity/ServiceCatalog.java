package org.kvmstack.cloud.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The service catalog put in every scoped token: one public endpoint per service, as absolute
 * URLs under the controller's public base URL. Ids are stable (derived from the service type) so
 * that clients caching a catalog see the same ids after a restart.
 */
public final class ServiceCatalog {
    /** A catalog entry: a service type with its endpoints. */
    public record Service(String id, String type, String name, List<Endpoint> endpoints) {}

    /** One endpoint of a service. */
    public record Endpoint(String id, String interfaceName, String region, String url) {}

    private final List<Service> services;

    /**
     * @param publicBase the URL clients reach the controller at, without trailing slash
     * @param region     region name shown on every endpoint
     */
    public ServiceCatalog(URI publicBase, String region) {
        Objects.requireNonNull(publicBase, "publicBase");
        String base = publicBase.toString().replaceAll("/+$", "");
        this.services = List.of(
                service("identity", "keystone", base + "/identity", region),
                service("compute", "nova", base + "/compute/v2.1", region),
                service("image", "glance", base + "/image", region),
                service("network", "neutron", base + "/network", region),
                // Cinder v3 without project id in the path (allowed since microversion 3.67);
                // both type names are listed because clients look up either.
                service("block-storage", "cinder", base + "/volume/v3", region),
                service("volumev3", "cinderv3", base + "/volume/v3", region));
    }

    public List<Service> services() {
        return services;
    }

    private static Service service(String type, String name, String url, String region) {
        String id = stableId(type);
        return new Service(id, type, name, List.of(new Endpoint(stableId(type + "-public"), "public", region, url)));
    }

    private static String stableId(String seed) {
        return UUID.nameUUIDFromBytes(("kvmstack-catalog-" + seed).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }
}
