package org.kvmstack.api.network;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kvmstack.api.Access;
import org.kvmstack.api.RouteModule;
import org.kvmstack.api.Routes;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.network.DefaultNetwork;
import org.kvmstack.cloud.network.DefaultNetworks;

/**
 * The read-only Neutron view the clients need until full networking lands: one network, {@code kvmstack-default},
 * under the id servers are attached to with {@code networks: [{"uuid": …}]} (the oldest host's default network;
 * each host has its own libvirt network of that name). {@code openstack server create --network kvmstack-default}
 * resolves the name here ({@code GET /networks/kvmstack-default} → 404, then {@code GET /networks?name=…}).
 */
public final class NetworkRoutes implements RouteModule {
    static final String BASE = "/network/v2.0";

    private final DefaultNetworks networks;

    public NetworkRoutes(DefaultNetworks networks) {
        this.networks = Objects.requireNonNull(networks, "networks");
    }

    @Override
    public void register(Routes routes) {
        routes.get(BASE + "/networks", Access.READER, this::list)
                .get(BASE + "/networks/{id}", Access.READER, this::show);
    }

    private Optional<DefaultNetwork> defaultNetwork() {
        return networks.all().stream().findFirst();
    }

    private void list(Context ctx) {
        String name = ctx.queryParam("name");
        String id = ctx.queryParam("id");
        List<Map<String, Object>> views = defaultNetwork()
                .filter(n -> name == null || name.equals(HostLayout.DEFAULT_NETWORK))
                .filter(n -> id == null || id.equals(n.networkId().toString()))
                .map(NetworkRoutes::view).stream().toList();
        ctx.json(Map.of("networks", views));
    }

    private void show(Context ctx) {
        String id = ctx.pathParam("id");
        DefaultNetwork network = defaultNetwork().filter(n -> n.networkId().toString().equals(id))
                .orElseThrow(() -> new NotFound("Network " + id + " could not be found."));
        ctx.json(Map.of("network", view(network)));
    }

    private static Map<String, Object> view(DefaultNetwork n) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", n.networkId().toString());
        v.put("name", HostLayout.DEFAULT_NETWORK);
        v.put("status", "ACTIVE");
        v.put("admin_state_up", true);
        v.put("shared", true);
        v.put("router:external", false);
        v.put("subnets", List.of(n.subnetId().toString()));
        v.put("tenant_id", "");
        v.put("project_id", "");
        v.put("mtu", 1500);
        v.put("description", "NAT network of each host, DHCP with a reservation per port");
        v.put("availability_zones", List.of("nova"));
        v.put("tags", List.of());
        return v;
    }
}
