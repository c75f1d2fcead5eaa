package org.kvmstack.api;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.kvmstack.cloud.error.ErrorKind;

/**
 * The one place where a failure becomes an HTTP response, in the error format of the service
 * that was called:
 * <ul>
 *   <li>identity: {@code {"error": {"code", "title", "message"}}}</li>
 *   <li>compute and volume: {@code {"<faultName>": {"code", "message"}}} with nova's fault names
 *       ({@code itemNotFound}, {@code badRequest}, …)</li>
 *   <li>network: {@code {"NeutronError": {"type", "message", "detail"}}}</li>
 *   <li>image: plain text, as glance answers</li>
 * </ul>
 * A 401 uses Keystone's body for every service, because in OpenStack the token check
 * (keystonemiddleware) answers before the service does, and clients expect that body.
 */
public final class ErrorResponses {
    static final String WRITTEN = "kvmstack.error-written";

    private ErrorResponses() {}

    /** The HTTP status of each error kind. */
    public static int status(ErrorKind kind) {
        return switch (kind) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case NOT_ACCEPTABLE -> 406;
            case CONFLICT -> 409;
            case OVER_LIMIT -> 413;
        };
    }

    /** Writes the error body for the service of the request's path. */
    public static void write(Context ctx, int status, String message) {
        Optional<OpenStackService> service = OpenStackService.forPath(ctx.path());
        ctx.status(status);
        ctx.attribute(WRITTEN, Boolean.TRUE);
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Keystone uri=\"" + PublicUrls.baseUrl(ctx) + "/identity\"");
            ctx.json(keystone(status, message));
            return;
        }
        switch (service.orElse(OpenStackService.IDENTITY)) {
            case IDENTITY -> ctx.json(keystone(status, message));
            case COMPUTE, VOLUME -> ctx.json(Map.of(novaFaultName(status), Map.of("code", status, "message", message)));
            case NETWORK -> ctx.json(Map.of("NeutronError", neutron(status, message)));
            case IMAGE -> ctx.contentType("text/plain; charset=UTF-8")
                    .result(status + " " + title(status) + "\n\n" + message + "\n\n   ");
        }
    }

    static boolean alreadyWritten(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(WRITTEN));
    }

    private static Map<String, Object> keystone(int status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status);
        error.put("title", title(status));
        error.put("message", message);
        return Map.of("error", error);
    }

    private static Map<String, Object> neutron(int status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", title(status).replace(" ", ""));
        error.put("message", message);
        error.put("detail", "");
        return error;
    }

    /** Nova's fault names by status (nova/api/openstack/wsgi.py); anything else is computeFault. */
    static String novaFaultName(int status) {
        return switch (status) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 409 -> "conflictingRequest";
            case 413, 429 -> "overLimit";
            case 415 -> "badMediaType";
            case 501 -> "notImplemented";
            case 503 -> "serviceUnavailable";
            default -> "computeFault";
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
