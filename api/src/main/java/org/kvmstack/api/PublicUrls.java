package org.kvmstack.api;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Optional;

/**
 * The base URL put in links and the catalog. When {@code public_url} is configured it is used as
 * is; otherwise the URL the client used to reach us (scheme and Host header) is echoed back, so
 * links are reachable by that client whatever address it came through.
 */
public final class PublicUrls {
    static final String ATTRIBUTE = "kvmstack.public-url";

    private PublicUrls() {}

    static void remember(Context ctx, Optional<URI> configured) {
        ctx.attribute(ATTRIBUTE, configured.map(URI::toString)
                .orElseGet(() -> ctx.scheme() + "://" + ctx.host()));
    }

    /** Base URL without trailing slash, e.g. {@code http://127.0.0.1:8080}. */
    public static String baseUrl(Context ctx) {
        String base = ctx.attribute(ATTRIBUTE);
        return base != null ? base : ctx.scheme() + "://" + ctx.host();
    }
}
