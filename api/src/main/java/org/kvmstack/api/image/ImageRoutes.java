package org.kvmstack.api.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kvmstack.api.Access;
import org.kvmstack.api.AuthFilter;
import org.kvmstack.api.ErrorResponses;
import org.kvmstack.api.RouteModule;
import org.kvmstack.api.Routes;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.identity.AuthContext;
import org.kvmstack.cloud.identity.Role;
import org.kvmstack.cloud.image.ImageCaller;
import org.kvmstack.cloud.image.ImageData;
import org.kvmstack.cloud.image.ImagePage;
import org.kvmstack.cloud.image.ImageQuery;
import org.kvmstack.cloud.image.ImageService;
import org.kvmstack.cloud.image.ImageStatus;
import org.kvmstack.cloud.image.Visibility;

/**
 * Glance v2 routes under {@code /image/v2}: images, their data (streamed both ways, never buffered), tags and the
 * schemas clients fetch. Reading needs the reader role on a project, changing needs member.
 */
public final class ImageRoutes implements RouteModule {
    private static final String BASE = "/image/v2";
    static final String PATCH_MEDIA_TYPE = "application/openstack-images-v2.1-json-patch";
    private static final String PATCH_MEDIA_TYPE_V20 = "application/openstack-images-v2.0-json-patch";
    private static final int COPY_CHUNK = 256 * 1024;

    private final ImageService images;
    private final ObjectMapper json;

    public ImageRoutes(ImageService images, ObjectMapper json) {
        this.images = Objects.requireNonNull(images, "images");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public void register(Routes routes) {
        routes.get(BASE + "/images", Access.READER, this::list)
                .post(BASE + "/images", Access.MEMBER, this::create)
                .get(BASE + "/images/{id}", Access.READER, this::show)
                .patch(BASE + "/images/{id}", Access.MEMBER, this::update)
                .delete(BASE + "/images/{id}", Access.MEMBER, this::delete)
                .put(BASE + "/images/{id}/file", Access.MEMBER, this::upload)
                .get(BASE + "/images/{id}/file", Access.READER, this::download)
                .put(BASE + "/images/{id}/tags/{tag}", Access.MEMBER, this::addTag)
                .delete(BASE + "/images/{id}/tags/{tag}", Access.MEMBER, this::removeTag)
                .get(BASE + "/schemas/image", Access.AUTHENTICATED, ctx -> ctx.json(ImageSchemas.image()))
                .get(BASE + "/schemas/images", Access.AUTHENTICATED, ctx -> ctx.json(ImageSchemas.images()));
    }

    static ImageCaller caller(Context ctx) {
        AuthContext principal = AuthFilter.principal(ctx);
        return new ImageCaller(principal.project().map(p -> p.project().id()), principal.hasRole(Role.ADMIN));
    }

    private void create(Context ctx) throws IOException {
        var image = images.create(caller(ctx), ImageRequests.create(json.readTree(ctx.body())));
        ctx.status(201).header("Location", ImageViews.V2 + "/images/" + image.id()).json(ImageViews.image(image));
    }

    private void show(Context ctx) {
        ctx.json(ImageViews.image(images.get(caller(ctx), ctx.pathParam("id"))));
    }

    private void update(Context ctx) throws IOException {
        String type = mediaType(ctx);
        if (!PATCH_MEDIA_TYPE.equals(type) && !PATCH_MEDIA_TYPE_V20.equals(type)) {
            ctx.header("Accept-Patch", PATCH_MEDIA_TYPE);
            ErrorResponses.write(ctx, 415, "Unsupported Content-Type '" + type + "'; send a JSON patch as "
                    + PATCH_MEDIA_TYPE + ".");
            return;
        }
        var changes = ImageRequests.patch(json.readTree(ctx.body()));
        ctx.json(ImageViews.image(images.update(caller(ctx), ctx.pathParam("id"), changes)));
    }

    private void delete(Context ctx) {
        images.delete(caller(ctx), ctx.pathParam("id"));
        ctx.status(204);
    }

    private void addTag(Context ctx) {
        images.addTag(caller(ctx), ctx.pathParam("id"), ctx.pathParam("tag"));
        ctx.status(204);
    }

    private void removeTag(Context ctx) {
        images.removeTag(caller(ctx), ctx.pathParam("id"), ctx.pathParam("tag"));
        ctx.status(204);
    }

    /** Streams the request body straight from the socket into the service: no byte array of the body's size. */
    private void upload(Context ctx) throws IOException {
        String type = mediaType(ctx);
        if (!type.isEmpty() && !"application/octet-stream".equals(type)) {
            ErrorResponses.write(ctx, 415, "Unsupported Content-Type '" + type
                    + "'; upload image data as application/octet-stream.");
            return;
        }
        ImageCaller caller = caller(ctx);
        try (InputStream body = ctx.req().getInputStream()) {
            images.upload(caller, ctx.pathParam("id"), body);
        }
        ctx.status(204);
    }

    /** Streams the stored file to the client with its length and md5 (Glance sends the hex md5 as Content-MD5). */
    private void download(Context ctx) throws IOException {
        Optional<ImageData> data = images.data(caller(ctx), ctx.pathParam("id"));
        if (data.isEmpty()) {
            ctx.status(204); // Glance: an image without data answers 204
            return;
        }
        ImageData d = data.get();
        ctx.status(200);
        var response = ctx.res();
        response.setContentType("application/octet-stream");
        response.setHeader("Content-MD5", d.md5());
        response.setContentLengthLong(d.size());
        // The servlet stream, not Javalin's result: no compression wrapper, no buffering of the whole file.
        try (InputStream in = d.open()) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[COPY_CHUNK];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
            out.flush();
        }
    }

    private void list(Context ctx) {
        ImageQuery query = query(ctx);
        ImagePage page = images.list(caller(ctx), query);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("images", page.images().stream().map(ImageViews::image).toList());
        body.put("first", ImageViews.V2 + "/images");
        body.put("schema", ImageViews.V2 + "/schemas/images");
        page.next().ifPresent(marker -> body.put("next", nextLink(ctx, marker)));
        ctx.json(body);
    }

    private static ImageQuery query(Context ctx) {
        List<ImageQuery.SortKey> sort = sortKeys(ctx);
        int limit = ImageQuery.DEFAULT_LIMIT;
        String limitText = ctx.queryParam("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw new BadRequest("limit param must be an integer");
            }
            if (limit < 0) {
                throw new BadRequest("limit param must be positive");
            }
        }
        return new ImageQuery(
                Optional.ofNullable(ctx.queryParam("name")),
                Optional.ofNullable(ctx.queryParam("status")).map(s -> ImageStatus.fromApiName(s)
                        .orElseThrow(() -> new BadRequest("Invalid status value: " + s))),
                Optional.ofNullable(ctx.queryParam("visibility")).filter(v -> !v.equals("all"))
                        .map(v -> Visibility.fromApiName(v)
                                .orElseThrow(() -> new BadRequest("Invalid visibility value: " + v))),
                Optional.ofNullable(ctx.queryParam("disk_format")),
                Optional.ofNullable(ctx.queryParam("owner")),
                ctx.queryParams("tag"),
                propertyFilters(ctx),
                Optional.ofNullable(ctx.queryParam("member_status")),
                sort,
                limit,
                Optional.ofNullable(ctx.queryParam("marker")));
    }

    /** Query parameters the listing understands itself; any other one filters on an extra property. */
    private static final java.util.Set<String> LIST_PARAMETERS = java.util.Set.of("name", "status", "visibility",
            "disk_format", "owner", "tag", "member_status", "limit", "marker", "sort", "sort_key", "sort_dir",
            "os_hidden");

    /** Glance filters on extra properties by their name ({@code ?os_distro=debian}). */
    private static Map<String, String> propertyFilters(Context ctx) {
        String hidden = ctx.queryParam("os_hidden");
        if (hidden != null && !hidden.equalsIgnoreCase("false")) {
            throw new BadRequest("Hidden images (os_hidden=true) are not supported.");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((key, values) -> {
            if (!LIST_PARAMETERS.contains(key)) {
                if (ImageService.RESERVED.contains(key)) {
                    throw new BadRequest("Filtering on '" + key + "' is not supported.");
                }
                filters.put(key, values.get(values.size() - 1));
            }
        });
        return filters;
    }

    /** Either {@code sort=key:dir,key2} or repeated {@code sort_key}/{@code sort_dir}, as Glance accepts. */
    private static List<ImageQuery.SortKey> sortKeys(Context ctx) {
        List<ImageQuery.SortKey> keys = new ArrayList<>();
        String sort = ctx.queryParam("sort");
        List<String> sortKeys = ctx.queryParams("sort_key");
        List<String> sortDirs = ctx.queryParams("sort_dir");
        if (sort != null) {
            if (!sortKeys.isEmpty() || !sortDirs.isEmpty()) {
                throw new BadRequest("The 'sort' argument is not supported with 'sort_key' or 'sort_dir'.");
            }
            for (String part : sort.split(",")) {
                String[] kv = part.trim().split(":", 2);
                keys.add(new ImageQuery.SortKey(kv[0].trim(), kv.length < 2 || ascending(kv[1].trim())));
            }
            return keys;
        }
        if (sortDirs.size() > Math.max(1, sortKeys.size())) {
            throw new BadRequest("Number of sort dirs does not match the number of sort keys");
        }
        for (int n = 0; n < sortKeys.size(); n++) {
            String dir = sortDirs.isEmpty() ? "desc" : sortDirs.get(Math.min(n, sortDirs.size() - 1));
            keys.add(new ImageQuery.SortKey(sortKeys.get(n), ascending(dir)));
        }
        if (keys.isEmpty() && !sortDirs.isEmpty()) {
            keys.add(new ImageQuery.SortKey("created_at", ascending(sortDirs.get(0))));
        }
        return keys;
    }

    private static boolean ascending(String dir) {
        return switch (dir.toLowerCase(Locale.ROOT)) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw new BadRequest("Invalid sort direction: " + dir + " (use asc or desc)");
        };
    }

    /** The same query with the marker of the next page, relative to the endpoint as Glance writes it. */
    private static String nextLink(Context ctx, String marker) {
        StringBuilder link = new StringBuilder(ImageViews.V2 + "/images?");
        ctx.queryParamMap().forEach((key, values) -> {
            if (!key.equals("marker")) {
                for (String value : values) {
                    link.append(encode(key)).append('=').append(encode(value)).append('&');
                }
            }
        });
        return link.append("marker=").append(encode(marker)).toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
