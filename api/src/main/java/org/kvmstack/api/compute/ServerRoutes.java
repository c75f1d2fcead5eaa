package org.kvmstack.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.kvmstack.api.Access;
import org.kvmstack.api.Microversion;
import org.kvmstack.api.MicroversionPolicy;
import org.kvmstack.api.PublicUrls;
import org.kvmstack.api.RouteModule;
import org.kvmstack.api.Routes;
import org.kvmstack.cloud.compute.Caller;
import org.kvmstack.cloud.compute.ComputeService;
import org.kvmstack.cloud.compute.Instance;
import org.kvmstack.cloud.compute.InstancePort;
import org.kvmstack.cloud.compute.ServerAction;
import org.kvmstack.cloud.compute.ServerCreateRequest;
import org.kvmstack.cloud.compute.ServerQuery;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.flavor.Flavor;
import org.kvmstack.cloud.flavor.FlavorService;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;

/** Nova servers under {@code /compute/v2.1/servers}: create, list, show, rename, delete, ips, actions. */
public final class ServerRoutes implements RouteModule {
    private static final String BASE = FlavorRoutes.BASE + "/servers";

    private final ComputeService compute;
    private final FlavorService flavors;
    private final HostRegistry hosts;
    private final ObjectMapper json;
    private final DelegatedServerActions delegated;

    public ServerRoutes(ComputeService compute, FlavorService flavors, HostRegistry hosts, ObjectMapper json) {
        this(compute, flavors, hosts, json, DelegatedServerActions.NONE);
    }

    /** @param delegated actions another service answers (the legacy console actions) */
    public ServerRoutes(ComputeService compute, FlavorService flavors, HostRegistry hosts, ObjectMapper json,
                        DelegatedServerActions delegated) {
        this.delegated = Objects.requireNonNull(delegated, "delegated");
        this.compute = Objects.requireNonNull(compute, "compute");
        this.flavors = Objects.requireNonNull(flavors, "flavors");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public void register(Routes routes) {
        routes.post(BASE, Access.MEMBER, this::create)
                .get(BASE, Access.READER, ctx -> list(ctx, false))
                .get(BASE + "/detail", Access.READER, ctx -> list(ctx, true))
                .get(BASE + "/{id}", Access.READER, this::show)
                .put(BASE + "/{id}", Access.MEMBER, this::update)
                .delete(BASE + "/{id}", Access.MEMBER, this::delete)
                .get(BASE + "/{id}/ips", Access.READER, this::ips)
                .post(BASE + "/{id}/action", Access.MEMBER, this::action);
    }

    private void create(Context ctx) throws Exception {
        JsonNode s = Json.body(json, ctx, "server");
        String imageRef = Json.text(s, "imageRef", false);
        JsonNode bdm = s.get("block_device_mapping_v2");
        if (bdm != null && !bdm.isNull()) {
            imageRef = imageFromMapping(bdm, imageRef);
        }
        int minCount = Json.integer(s, "min_count", 1);
        int maxCount = Json.integer(s, "max_count", minCount);
        if (minCount != 1 || maxCount != 1) {
            throw new BadRequest("min_count and max_count other than 1 are not supported yet");
        }
        JsonNode cd = s.get("config_drive");
        boolean configDrive = cd != null && (cd.asBoolean(false) || "true".equalsIgnoreCase(cd.asText()));
        ServerCreateRequest request = new ServerCreateRequest(Json.text(s, "name", true), imageRef,
                Json.text(s, "flavorRef", true), portCount(s.get("networks")), Json.text(s, "key_name", false),
                Json.text(s, "user_data", false), Json.stringMap(s, "metadata"), configDrive);
        Instance created = compute.create(Callers.of(ctx), request);
        Map<String, Object> view = ServerViews.summary(ctx, created);
        view.put("OS-DCF:diskConfig", "MANUAL");
        view.put("security_groups", List.of(Map.of("name", "default")));
        ctx.status(202).header("Location", PublicUrls.baseUrl(ctx) + BASE + "/" + created.id())
                .json(Map.of("server", view));
    }

    // Only "boot from the image onto a local disk" is supported: source image, destination local, boot_index 0.
    private static String imageFromMapping(JsonNode bdm, String imageRef) {
        if (!bdm.isArray() || bdm.size() != 1) {
            throw new BadRequest("Block Device Mapping is Invalid: only one mapping (the image, boot_index 0) is supported");
        }
        JsonNode m = bdm.get(0);
        String source = m.path("source_type").asText("");
        String destination = m.path("destination_type").asText("local");
        String bootIndex = m.path("boot_index").asText("0");
        if (!source.equals("image") || !destination.equals("local") || !bootIndex.equals("0")) {
            throw new BadRequest("Block Device Mapping is Invalid: only source_type image, destination_type local, "
                    + "boot_index 0 is supported");
        }
        String uuid = m.path("uuid").asText(null);
        if (uuid == null || (imageRef != null && !imageRef.isEmpty() && !imageRef.equals(uuid))) {
            throw new BadRequest("Block Device Mapping is Invalid: the mapping must name the image (uuid)");
        }
        return uuid;
    }

    private int portCount(JsonNode networks) {
        if (networks == null || networks.isNull()) {
            return 1;
        }
        if (networks.isTextual()) {
            return switch (networks.asText()) {
                case "auto" -> 1;
                case "none" -> 0;
                default -> throw new BadRequest("Invalid input for field/attribute networks. Value: " + networks.asText());
            };
        }
        if (!networks.isArray()) {
            throw new BadRequest("Invalid input for field/attribute networks. Value: " + networks);
        }
        String defaultId = compute.defaultNetworkId().orElse(null);
        for (JsonNode n : networks) {
            if (n.has("port")) {
                throw new BadRequest("Binding pre-created ports is not supported yet; name the network by uuid");
            }
            String uuid = n.path("uuid").asText(null);
            if (uuid == null || !uuid.equals(defaultId)) {
                throw new BadRequest("Network " + uuid + " could not be found.");
            }
        }
        return networks.size();
    }

    private void list(Context ctx, boolean detail) {
        Caller caller = Callers.of(ctx);
        Integer limit = ctx.queryParam("limit") == null ? null : parseLimit(ctx.queryParam("limit"));
        UUID marker = ctx.queryParam("marker") == null ? null : uuid(ctx.queryParam("marker"), true);
        String allTenants = ctx.queryParam("all_tenants");
        boolean all = allTenants != null && !allTenants.equalsIgnoreCase("false") && !allTenants.equals("0");
        ServerQuery query = new ServerQuery(all && caller.admin(), ctx.queryParam("name"), ctx.queryParam("status"),
                ctx.queryParam("image"), ctx.queryParam("flavor"), changesSince(ctx.queryParam("changes-since")),
                limit, marker);
        List<Instance> page = compute.list(caller, query);
        List<Map<String, Object>> views = new ArrayList<>(page.size());
        if (detail) {
            // The ports of the whole page in one read, not one per server (it dominated the detail list).
            Map<UUID, List<InstancePort>> ports = compute.portsOf(page.stream().map(Instance::id).toList());
            for (Instance i : page) {
                views.add(detail(ctx, i, ports.getOrDefault(i.id(), List.of()), caller));
            }
        } else {
            for (Instance i : page) {
                views.add(ServerViews.summary(ctx, i));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("servers", views);
        if (limit != null && page.size() == limit && !page.isEmpty()) {
            String next = PublicUrls.baseUrl(ctx) + ctx.path() + "?limit=" + limit + "&marker=" + page.get(page.size() - 1).id();
            body.put("servers_links", List.of(Map.of("rel", "next", "href", next)));
        }
        ctx.json(body);
    }

    private void show(Context ctx) {
        Caller caller = Callers.of(ctx);
        ctx.json(Map.of("server", detail(ctx, compute.get(caller, uuid(ctx.pathParam("id"), false)), caller)));
    }

    private void update(Context ctx) throws Exception {
        Caller caller = Callers.of(ctx);
        JsonNode s = Json.body(json, ctx, "server");
        UUID id = uuid(ctx.pathParam("id"), false);
        Instance instance = s.has("name") ? compute.rename(caller, id, Json.text(s, "name", true)) : compute.get(caller, id);
        ctx.json(Map.of("server", detail(ctx, instance, caller)));
    }

    private void delete(Context ctx) {
        compute.delete(Callers.of(ctx), uuid(ctx.pathParam("id"), false));
        ctx.status(204);
    }

    private void ips(Context ctx) {
        Instance i = compute.get(Callers.of(ctx), uuid(ctx.pathParam("id"), false));
        Map<String, Object> addresses = new LinkedHashMap<>();
        ServerViews.addresses(compute.portsOf(i.id())).forEach((net, list) -> addresses.put(net,
                list.stream().map(a -> Map.of("addr", a.get("addr"), "version", a.get("version"))).toList()));
        ctx.json(Map.of("addresses", addresses));
    }

    private void action(Context ctx) throws Exception {
        Caller caller = Callers.of(ctx);
        UUID id = uuid(ctx.pathParam("id"), false);
        JsonNode body = Json.body(json, ctx, null);
        Iterator<String> names = body.fieldNames();
        if (!names.hasNext()) {
            throw new BadRequest("There is no such action: (empty body)");
        }
        String name = names.next();
        if (delegated.handles(ctx, body)) {
            compute.get(caller, id); // 404 for a server the caller cannot see, before another service answers
            delegated.perform(ctx, body);
            return;
        }
        switch (name) {
            case "os-start" -> act(ctx, caller, id, ServerAction.START);
            case "os-stop" -> act(ctx, caller, id, ServerAction.STOP);
            case "pause" -> act(ctx, caller, id, ServerAction.PAUSE);
            case "unpause" -> act(ctx, caller, id, ServerAction.UNPAUSE);
            case "suspend" -> act(ctx, caller, id, ServerAction.SUSPEND);
            case "resume" -> act(ctx, caller, id, ServerAction.RESUME);
            case "reboot" -> {
                String type = body.path("reboot").path("type").asText("");
                switch (type.toUpperCase(java.util.Locale.ROOT)) {
                    case "SOFT" -> act(ctx, caller, id, ServerAction.REBOOT_SOFT);
                    case "HARD" -> act(ctx, caller, id, ServerAction.REBOOT_HARD);
                    default -> throw new BadRequest("Invalid input for field/attribute type. Value: " + type
                            + ". 'SOFT' or 'HARD' expected");
                }
            }
            case "os-getConsoleOutput" -> {
                JsonNode length = body.path("os-getConsoleOutput").get("length");
                Integer lines = null;
                if (length != null && !length.isNull()) {
                    lines = Json.integer(body.get("os-getConsoleOutput"), "length", null);
                    if (lines < -1) {
                        throw new BadRequest("Invalid input for field/attribute length. Value: " + lines);
                    }
                    lines = lines == -1 ? null : lines;
                }
                ctx.json(Map.of("output", compute.consoleOutput(caller, id, lines)));
            }
            case "createImage" -> createImage(ctx, caller, id, body.get("createImage"));
            case "kvmstack:clone" -> cloneServer(ctx, caller, id, body.get("kvmstack:clone"));
            default -> throw new BadRequest("There is no such action: " + name);
        }
    }

    // 202 with the image's Glance URL in Location; from 2.45 also {"image_id"} in the body (the header stays).
    private void createImage(Context ctx, Caller caller, UUID id, JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new BadRequest("Invalid input for field/attribute createImage. Value: " + request);
        }
        String imageId = compute.createImage(caller, id, Json.text(request, "name", true),
                Json.stringMap(request, "metadata"));
        ctx.status(202).header("Location", PublicUrls.baseUrl(ctx) + "/image/v2/images/" + imageId);
        if (MicroversionPolicy.of(ctx).compareTo(new Microversion(2, 45)) >= 0) {
            ctx.json(Map.of("image_id", imageId));
        }
    }

    // kvmstack extension: 202 with the clones as a create returns them ({"servers": [{id, links}]}).
    private void cloneServer(Context ctx, Caller caller, UUID id, JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new BadRequest("Invalid input for field/attribute kvmstack:clone. Value: " + request);
        }
        List<Instance> clones = compute.cloneServer(caller, id, Json.integer(request, "count", 1),
                Json.text(request, "name", false));
        List<Map<String, Object>> views = new ArrayList<>();
        clones.forEach(c -> views.add(ServerViews.summary(ctx, c)));
        ctx.status(202).json(Map.of("servers", views));
    }

    private void act(Context ctx, Caller caller, UUID id, ServerAction action) {
        compute.act(caller, id, action);
        ctx.status(202);
    }

    private Map<String, Object> detail(Context ctx, Instance i, Caller caller) {
        return detail(ctx, i, compute.portsOf(i.id()), caller);
    }

    // Flavor and host come from the services' display caches (see FlavorService.forDisplay and
    // HostRegistry.forDisplay for how stale they may be): a server's view shows them, nothing decides on them.
    private Map<String, Object> detail(Context ctx, Instance i, List<InstancePort> ports, Caller caller) {
        Flavor flavor = flavors.forDisplay(i.flavorId()).orElse(null); // null: deleted, the server keeps its copy
        HostResources host = i.hostId() == null ? null : hosts.forDisplay(i.hostId()).orElse(null);
        return ServerViews.detail(ctx, i, ports, flavor, host, caller.admin());
    }

    private static UUID uuid(String text, boolean marker) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            if (marker) {
                throw new BadRequest("marker [" + text + "] not found");
            }
            throw new NotFound("Instance " + text + " could not be found.");
        }
    }

    private static int parseLimit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadRequest("Invalid input for query parameters limit. Value: " + text);
    }

    private static Instant changesSince(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text + (text.endsWith("Z") ? "" : "Z"));
            } catch (DateTimeParseException again) {
                throw new BadRequest("Invalid input for query parameters changes-since. Value: " + text);
            }
        }
    }
}
