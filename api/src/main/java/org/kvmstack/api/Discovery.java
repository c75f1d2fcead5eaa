package org.kvmstack.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Version discovery documents at each service root, in the shape each OpenStack service uses
 * (the clients parse them to choose an endpoint and a microversion). Every link is absolute,
 * built from the URL the client reached us at (or the configured public URL).
 */
final class Discovery implements RouteModule {
    // The dates OpenStack publishes with each version; clients ignore them but expect them.
    private static final String KEYSTONE_UPDATED = "2020-04-07T00:00:00Z";
    private static final String NOVA_UPDATED = "2013-07-23T11:33:21Z";
    private static final String CINDER_UPDATED = "2022-08-31T00:00:00Z";

    @Override
    public void register(Routes routes) {
        routes.get("/identity", Access.PUBLIC, ctx -> ctx.status(300).json(Map.of("versions", Map.of("values", List.of(keystoneV3(ctx))))));
        routes.get("/identity/v3", Access.PUBLIC, ctx -> ctx.json(Map.of("version", keystoneV3(ctx))));
        routes.get("/compute", Access.PUBLIC, ctx -> ctx.json(Map.of("versions", List.of(novaV21(ctx, false)))));
        routes.get("/compute/v2.1", Access.PUBLIC, ctx -> ctx.json(Map.of("version", novaV21(ctx, true))));
        routes.get("/image", Access.PUBLIC, ctx -> ctx.status(300).json(glanceVersions(ctx)));
        routes.get("/image/versions", Access.PUBLIC, ctx -> ctx.json(glanceVersions(ctx)));
        routes.get("/network", Access.PUBLIC, ctx -> ctx.json(Map.of("versions", List.of(neutronV2(ctx)))));
        routes.get("/volume", Access.PUBLIC, ctx -> ctx.status(300).json(Map.of("versions", List.of(cinderV3(ctx)))));
        routes.get("/volume/v3", Access.PUBLIC, ctx -> ctx.json(Map.of("version", cinderV3(ctx))));
    }

    private static Map<String, Object> keystoneV3(Context ctx) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", ApiVersions.IDENTITY);
        v.put("status", "stable");
        v.put("updated", KEYSTONE_UPDATED);
        v.put("links", List.of(self(ctx, "/identity/v3/")));
        v.put("media-types", List.of(Map.of("base", "application/json", "type", "application/vnd.openstack.identity-v3+json")));
        return v;
    }

    private static Map<String, Object> novaV21(Context ctx, boolean withMediaTypes) {
        MicroversionPolicy policy = ApiVersions.COMPUTE;
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", "v2.1");
        v.put("status", "CURRENT");
        v.put("version", policy.max().toString());
        v.put("min_version", policy.min().toString());
        v.put("updated", NOVA_UPDATED);
        List<Map<String, String>> links = new ArrayList<>();
        links.add(self(ctx, "/compute/v2.1/"));
        if (withMediaTypes) {
            links.add(Map.of("rel", "describedby", "type", "text/html", "href", "https://docs.openstack.org/"));
            v.put("media-types", List.of(Map.of("base", "application/json", "type", "application/vnd.openstack.compute+json;version=2.1")));
        }
        v.put("links", links);
        return v;
    }

    private static Map<String, Object> glanceVersions(Context ctx) {
        List<Map<String, Object>> versions = new ArrayList<>();
        for (String id : ApiVersions.IMAGE) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", id);
            v.put("status", versions.isEmpty() ? "CURRENT" : "SUPPORTED");
            v.put("links", List.of(self(ctx, "/image/v2/")));
            versions.add(v);
        }
        return Map.of("versions", versions);
    }

    private static Map<String, Object> neutronV2(Context ctx) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", "v2.0");
        v.put("status", "CURRENT");
        v.put("links", List.of(self(ctx, "/network/v2.0/")));
        return v;
    }

    private static Map<String, Object> cinderV3(Context ctx) {
        MicroversionPolicy policy = ApiVersions.VOLUME;
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", "v3.0");
        v.put("status", "CURRENT");
        v.put("version", policy.max().toString());
        v.put("min_version", policy.min().toString());
        v.put("updated", CINDER_UPDATED);
        v.put("links", List.of(self(ctx, "/volume/v3/")));
        v.put("media-types", List.of(Map.of("base", "application/json", "type", "application/vnd.openstack.volume+json;version=3")));
        return v;
    }

    private static Map<String, String> self(Context ctx, String path) {
        Map<String, String> link = new LinkedHashMap<>();
        link.put("rel", "self");
        link.put("href", PublicUrls.baseUrl(ctx) + path);
        return link;
    }
}
