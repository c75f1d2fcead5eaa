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
 *   <li>image: as glance (WebOb) answers, by the Accept header: plain text when there is none,
 *       JSON {@code {"code", "title", "message"}} or an HTML page when asked for; see {@link #glance}</li>
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
            case IMAGE -> glance(ctx, status, message);
        }
    }

    /**
     * Glance's error bodies come from WebOb, which negotiates: plain text without an Accept header, JSON or HTML when
     * the client names them. One deviation: an <em>empty</em> Accept header (openstacksdk's image upload sends one)
     * gets the HTML page, because that client shows the message of an HTML or JSON body but only the status reason
     * of a plain one, and a refused upload must tell the user why.
     */
    private static void glance(Context ctx, int status, String message) {
        String accept = ctx.header("Accept");
        String heading = status + " " + title(status);
        if (accept != null && accept.contains("application/json") && !accept.contains("text/html")) {
            ctx.json(keystone(status, message).get("error"));
        } else if (accept != null && (accept.isBlank() || accept.contains("text/html"))) {
            ctx.contentType("text/html; charset=UTF-8").result("<html>\n <head>\n  <title>" + heading
                    + "</title>\n </head>\n <body>\n  <h1>" + heading + "</h1>\n  " + escapeHtml(message)
                    + "<br /><br />\n\n\n\n </body>\n</html>");
        } else {
            ctx.contentType("text/plain; charset=UTF-8").result(heading + "\n\n" + message + "\n\n   ");
        }
    }

    /** Escapes for element content; quotes need no escaping there, and clients show the text without unescaping. */
    private static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\n', '\r' -> out.append(' '); // one line, so clients that read lines see the whole message
                default -> out.append(c);
            }
        }
        return out.toString();
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
