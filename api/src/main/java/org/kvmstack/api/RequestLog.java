package org.kvmstack.api;

import io.javalin.http.Context;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request: method, path, status, duration, request id. Only the path
 * is logged, never headers, query strings or bodies, so tokens and passwords cannot leak here.
 */
final class RequestLog {
    private static final Logger LOG = LoggerFactory.getLogger("kvmstack.request");

    private RequestLog() {}

    static void log(Context ctx, Float millis) {
        if (LOG.isInfoEnabled()) {
            LOG.info(String.format(Locale.ROOT, "method=%s path=%s status=%d ms=%.1f request_id=%s",
                    ctx.method().name(), ctx.path(), ctx.status().getCode(), millis == null ? 0f : millis, RequestIds.of(ctx)));
        }
    }
}
