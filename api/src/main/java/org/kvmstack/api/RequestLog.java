package org.kvmstack.api;

import io.javalin.http.Context;
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
            LOG.info(line(ctx.method().name(), ctx.path(), ctx.status().getCode(), millis == null ? 0f : millis,
                    RequestIds.of(ctx)));
        }
    }

    // A StringBuilder, not String.format: this runs once per request, and the formatter's parsing showed in the
    // profile of the GET /servers/{id} load.
    static String line(String method, String path, int status, float millis, String requestId) {
        long tenths = Math.round(Math.max(0f, millis) * 10.0);
        return new StringBuilder(96).append("method=").append(method).append(" path=").append(path)
                .append(" status=").append(status).append(" ms=").append(tenths / 10).append('.').append(tenths % 10)
                .append(" request_id=").append(requestId).toString();
    }
}
