package org.kvmstack.api.compute;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmstack.api.Microversion;
import org.kvmstack.api.MicroversionPolicy;
import org.kvmstack.cloud.compute.Instance;
import org.kvmstack.cloud.compute.InstancePort;
import org.kvmstack.cloud.flavor.Flavor;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostResources;

/** Nova's server documents, shaped by the request's microversion. */
final class ServerViews {
    private static final Microversion EMBEDDED_FLAVOR = new Microversion(2, 47);
    private static final Microversion WITH_DESCRIPTION = new Microversion(2, 19);

    private ServerViews() {}

    static Map<String, Object> summary(Context ctx, Instance i) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", i.id().toString());
        v.put("name", i.name());
        v.put("links", FlavorRoutes.links(ctx, "servers", i.id().toString()));
        return v;
    }

    static Map<String, Object> detail(Context ctx, Instance i, List<InstancePort> ports, Flavor flavorOrNull,
                                      HostResources hostOrNull, boolean admin) {
        Map<String, Object> v = summary(ctx, i);
        v.put("status", i.status());
        v.put("tenant_id", i.projectId());
        v.put("user_id", i.userId());
        v.put("metadata", i.metadata());
        v.put("hostId", i.hostId() == null ? "" : Integer.toHexString((i.projectId() + i.hostId()).hashCode()));
        v.put("image", Map.of("id", i.imageId(), "links", List.of(Map.of("rel", "bookmark",
                "href", org.kvmstack.api.PublicUrls.baseUrl(ctx) + "/image/v2/images/" + i.imageId()))));
        v.put("flavor", flavor(ctx, i, flavorOrNull));
        v.put("created", iso(i.createdAt()));
        v.put("updated", iso(i.updatedAt()));
        v.put("addresses", addresses(ports));
        v.put("accessIPv4", "");
        v.put("accessIPv6", "");
        v.put("progress", "BUILD".equals(i.status()) ? 0 : 100);
        v.put("config_drive", i.configDrive() ? "True" : "");
        v.put("key_name", i.keyName());
        v.put("OS-DCF:diskConfig", "MANUAL");
        v.put("OS-EXT-AZ:availability_zone", "nova");
        v.put("OS-EXT-STS:vm_state", i.vmState().value());
        v.put("OS-EXT-STS:task_state", i.taskState() == null ? null : i.taskState().value());
        v.put("OS-EXT-STS:power_state", i.powerState());
        v.put("OS-SRV-USG:launched_at", i.launchedAt() == null ? null : launchedAt(i.launchedAt()));
        v.put("OS-SRV-USG:terminated_at", null);
        v.put("os-extended-volumes:volumes_attached", List.of());
        v.put("security_groups", List.of(Map.of("name", "default")));
        if (admin) {
            String host = hostOrNull == null ? null : hostOrNull.host().name();
            v.put("OS-EXT-SRV-ATTR:host", host);
            v.put("OS-EXT-SRV-ATTR:hypervisor_hostname", host);
            v.put("OS-EXT-SRV-ATTR:instance_name", HostLayout.domainName(i.id()));
        }
        if (MicroversionPolicy.of(ctx).compareTo(WITH_DESCRIPTION) >= 0) {
            v.put("description", null);
        }
        if (i.fault() != null) {
            Map<String, Object> fault = new LinkedHashMap<>();
            fault.put("code", i.fault().code());
            fault.put("message", i.fault().message());
            fault.put("created", iso(i.fault().created()));
            v.put("fault", fault);
        }
        return v;
    }

    private static Object flavor(Context ctx, Instance i, Flavor current) {
        if (MicroversionPolicy.of(ctx).compareTo(EMBEDDED_FLAVOR) < 0) {
            return Map.of("id", i.flavorId(), "links", List.of(FlavorRoutes.links(ctx, "flavors", i.flavorId()).get(1)));
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("original_name", i.flavorName());
        f.put("vcpus", i.vcpus());
        f.put("ram", i.memoryMb());
        f.put("disk", i.diskGb());
        f.put("ephemeral", current == null ? 0 : current.ephemeralGb());
        f.put("swap", current == null ? 0 : current.swapMb());
        f.put("extra_specs", current == null ? Map.of() : current.extraSpecs());
        return f;
    }

    static Map<String, List<Map<String, Object>>> addresses(List<InstancePort> ports) {
        Map<String, List<Map<String, Object>>> byNetwork = new LinkedHashMap<>();
        for (InstancePort p : ports) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("addr", p.ip());
            a.put("version", p.ip().contains(":") ? 6 : 4);
            a.put("OS-EXT-IPS:type", "fixed");
            a.put("OS-EXT-IPS-MAC:mac_addr", p.mac());
            byNetwork.computeIfAbsent(HostLayout.DEFAULT_NETWORK, k -> new ArrayList<>()).add(a);
        }
        return byNetwork;
    }

    /**
     * Nova's format for {@code launched_at}: UTC without a zone, with microseconds. The store keeps milliseconds,
     * and they are shown: the moment a server became ACTIVE is what a client timing its creates needs.
     */
    static String launchedAt(Instant instant) {
        return LAUNCHED_AT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static final java.time.format.DateTimeFormatter LAUNCHED_AT = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").withZone(java.time.ZoneOffset.UTC);

    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
