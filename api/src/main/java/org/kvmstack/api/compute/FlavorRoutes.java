package org.kvmstack.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kvmstack.api.Access;
import org.kvmstack.api.PublicUrls;
import org.kvmstack.api.RouteModule;
import org.kvmstack.api.Routes;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.flavor.Flavor;
import org.kvmstack.cloud.flavor.FlavorService;
import org.kvmstack.cloud.flavor.FlavorSpec;

/** Nova flavors and their extra specs under {@code /compute/v2.1}; writes are admin-only. */
public final class FlavorRoutes implements RouteModule {
    static final String BASE = "/compute/v2.1";

    private final FlavorService flavors;
    private final ObjectMapper json;

    public FlavorRoutes(FlavorService flavors, ObjectMapper json) {
        this.flavors = Objects.requireNonNull(flavors, "flavors");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public void register(Routes routes) {
        routes.get(BASE + "/flavors", Access.READER, ctx -> list(ctx, false))
                .get(BASE + "/flavors/detail", Access.READER, ctx -> list(ctx, true))
                .get(BASE + "/flavors/{id}", Access.READER, this::show)
                .post(BASE + "/flavors", Access.ADMIN, this::create)
                .delete(BASE + "/flavors/{id}", Access.ADMIN, this::delete)
                .get(BASE + "/flavors/{id}/os-extra_specs", Access.READER, this::specs)
                .post(BASE + "/flavors/{id}/os-extra_specs", Access.ADMIN, this::putSpecs)
                .get(BASE + "/flavors/{id}/os-extra_specs/{key}", Access.READER, this::spec)
                .put(BASE + "/flavors/{id}/os-extra_specs/{key}", Access.ADMIN, this::putSpec)
                .delete(BASE + "/flavors/{id}/os-extra_specs/{key}", Access.ADMIN, this::deleteSpec);
    }

    private void list(Context ctx, boolean detail) {
        List<Map<String, Object>> views = flavors.list().stream()
                .map(f -> detail ? detail(ctx, f) : summary(ctx, f)).toList();
        ctx.json(Map.of("flavors", views));
    }

    private void show(Context ctx) {
        ctx.json(Map.of("flavor", detail(ctx, flavors.get(ctx.pathParam("id")))));
    }

    private void create(Context ctx) throws Exception {
        JsonNode f = Json.body(json, ctx, "flavor");
        JsonNode rxtx = f.get("rxtx_factor");
        JsonNode isPublic = f.get("os-flavor-access:is_public");
        String id = f.hasNonNull("id") ? f.get("id").asText() : null;
        if ("auto".equals(id)) {
            id = null;
        }
        Flavor created = flavors.create(new FlavorSpec(id, Json.text(f, "name", true), Json.integer(f, "vcpus", null),
                Json.integer(f, "ram", null), Json.integer(f, "disk", null),
                Json.integer(f, "OS-FLV-EXT-DATA:ephemeral", 0), swap(f.get("swap")),
                rxtx == null || rxtx.isNull() ? 1.0 : rxtx.asDouble(), isPublic == null || isPublic.asBoolean(true),
                Json.text(f, "description", false)));
        ctx.json(Map.of("flavor", detail(ctx, created)));
    }

    // Nova accepts "" for no swap.
    private static int swap(JsonNode swap) {
        if (swap == null || swap.isNull() || (swap.isTextual() && swap.asText().isEmpty())) {
            return 0;
        }
        if (swap.canConvertToInt()) {
            return swap.asInt();
        }
        throw new BadRequest("Invalid input for field/attribute swap. Value: " + swap);
    }

    private void delete(Context ctx) {
        flavors.delete(ctx.pathParam("id"));
        ctx.status(202);
    }

    private void specs(Context ctx) {
        ctx.json(Map.of("extra_specs", flavors.get(ctx.pathParam("id")).extraSpecs()));
    }

    private void putSpecs(Context ctx) throws Exception {
        JsonNode body = Json.body(json, ctx, null);
        Map<String, String> specs = Json.stringMap(body, "extra_specs");
        if (!body.has("extra_specs")) {
            throw new BadRequest("Invalid input for field/attribute extra_specs. 'extra_specs' is a required property");
        }
        flavors.putExtraSpecs(ctx.pathParam("id"), specs);
        ctx.json(Map.of("extra_specs", specs));
    }

    private void spec(Context ctx) {
        String key = ctx.pathParam("key");
        String value = flavors.get(ctx.pathParam("id")).extraSpecs().get(key);
        if (value == null) {
            throw new NotFound("Flavor " + ctx.pathParam("id") + " has no extra specs with key " + key + ".");
        }
        ctx.json(Map.of(key, value));
    }

    private void putSpec(Context ctx) throws Exception {
        String key = ctx.pathParam("key");
        JsonNode body = Json.body(json, ctx, null);
        if (body.size() != 1 || !body.has(key)) {
            throw new BadRequest("Request body and URI mismatch");
        }
        String value = Json.text(body, key, true);
        flavors.putExtraSpecs(ctx.pathParam("id"), Map.of(key, value));
        ctx.json(Map.of(key, value));
    }

    private void deleteSpec(Context ctx) {
        flavors.deleteExtraSpec(ctx.pathParam("id"), ctx.pathParam("key"));
        ctx.status(200);
    }

    static List<Map<String, String>> links(Context ctx, String kind, String id) {
        String base = PublicUrls.baseUrl(ctx);
        return List.of(Map.of("rel", "self", "href", base + BASE + "/" + kind + "/" + id),
                Map.of("rel", "bookmark", "href", base + "/compute/" + kind + "/" + id));
    }

    private static Map<String, Object> summary(Context ctx, Flavor f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", f.id());
        v.put("name", f.name());
        v.put("description", f.description());
        v.put("links", links(ctx, "flavors", f.id()));
        return v;
    }

    private static Map<String, Object> detail(Context ctx, Flavor f) {
        Map<String, Object> v = summary(ctx, f);
        v.put("vcpus", f.vcpus());
        v.put("ram", f.ramMb());
        v.put("disk", f.diskGb());
        v.put("OS-FLV-EXT-DATA:ephemeral", f.ephemeralGb());
        v.put("OS-FLV-DISABLED:disabled", false);
        v.put("swap", f.swapMb() == 0 ? "" : f.swapMb());
        v.put("rxtx_factor", f.rxtxFactor());
        v.put("os-flavor-access:is_public", f.isPublic());
        v.put("extra_specs", f.extraSpecs());
        return v;
    }
}
