package org.kvmstack.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.kvmstack.api.AuthFilter;
import org.kvmstack.api.Microversion;
import org.kvmstack.api.MicroversionPolicy;
import org.kvmstack.api.PublicUrls;
import org.kvmstack.cloud.console.ConsoleService;
import org.kvmstack.cloud.console.ConsoleType;
import org.kvmstack.cloud.console.IssuedConsoleToken;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Forbidden;
import org.kvmstack.cloud.error.NotFound;

/**
 * The compute API's console requests: {@code POST /servers/{id}/remote-consoles} (microversion 2.6 and later,
 * what openstacksdk and {@code openstack console url show} use) and the older server actions
 * {@code os-getVNCConsole} / {@code os-getSerialConsole} (microversions 2.1–2.5, as in nova). Consoles kvmstack
 * does not offer (SPICE, RDP, MKS, xvpvnc) are a 400, as nova answers for a driver without them.
 */
public final class ConsoleRequests {
    static final Microversion REMOTE_CONSOLES_MIN = new Microversion(2, 6);
    private static final Map<String, ConsoleType> LEGACY_ACTIONS = Map.of(
            "os-getVNCConsole", ConsoleType.NOVNC,
            "os-getSerialConsole", ConsoleType.SERIAL);

    private final ConsoleService consoles;
    private final ObjectMapper json;

    public ConsoleRequests(ConsoleService consoles, ObjectMapper json) {
        this.consoles = Objects.requireNonNull(consoles, "consoles");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** {@code POST /compute/v2.1/servers/{server_id}/remote-consoles}. */
    void remoteConsole(Context ctx) throws Exception {
        if (MicroversionPolicy.of(ctx).compareTo(REMOTE_CONSOLES_MIN) < 0) {
            throw new NotFound("The resource could not be found.");
        }
        JsonNode request = json.readTree(ctx.body()).path("remote_console");
        if (!request.isObject()) {
            throw new BadRequest("Invalid input for field/attribute remote_console: a 'remote_console' object is required.");
        }
        String protocol = text(request, "protocol");
        String type = text(request, "type");
        ConsoleType console = ConsoleType.fromApiName(type)
                .filter(t -> t.protocol().equals(protocol))
                .orElseThrow(() -> new BadRequest("Unsupported console: protocol '" + protocol + "' with type '" + type
                        + "'; kvmstack offers protocol 'vnc' with type 'novnc' and protocol 'serial' with type 'serial'."));
        IssuedConsoleToken issued = issue(ctx, console);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("protocol", console.protocol());
        body.put("type", console.apiName());
        body.put("url", ConsoleUrls.of(PublicUrls.baseUrl(ctx), console, issued.token()));
        ctx.status(200).json(Map.of("remote_console", body));
    }

    /**
     * Whether a server action body is a console action this class answers at the request's microversion. Compute's
     * {@code POST /servers/{id}/action} dispatcher asks this and hands the request to {@link #performAction}.
     */
    public boolean handlesAction(Context ctx, JsonNode actionBody) {
        return MicroversionPolicy.of(ctx).compareTo(REMOTE_CONSOLES_MIN) < 0
                && LEGACY_ACTIONS.keySet().stream().anyMatch(actionBody::has);
    }

    /**
     * Answers {@code {"os-getVNCConsole": {"type": "novnc"}}} or {@code {"os-getSerialConsole": {"type": "serial"}}}
     * with {@code 200 {"console": {"type", "url"}}}; the server id comes from the path parameter {@code id}.
     */
    public void performAction(Context ctx, JsonNode actionBody) {
        Map.Entry<String, ConsoleType> action = LEGACY_ACTIONS.entrySet().stream()
                .filter(a -> actionBody.has(a.getKey())).findFirst()
                .orElseThrow(() -> new BadRequest("There is no such action."));
        String type = text(actionBody.path(action.getKey()), "type");
        if (!action.getValue().apiName().equals(type)) {
            throw new BadRequest("Unsupported console type '" + type + "' for " + action.getKey() + "; use '"
                    + action.getValue().apiName() + "'.");
        }
        IssuedConsoleToken issued = issue(ctx, action.getValue());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("url", ConsoleUrls.of(PublicUrls.baseUrl(ctx), action.getValue(), issued.token()));
        ctx.status(200).json(Map.of("console", body));
    }

    private IssuedConsoleToken issue(Context ctx, ConsoleType type) {
        UUID serverId = serverId(ctx.pathParam("id"));
        String projectId = AuthFilter.principal(ctx).project()
                .orElseThrow(() -> new Forbidden("This action needs a project-scoped token."))
                .project().id();
        return consoles.requestConsole(serverId, projectId, type);
    }

    private static UUID serverId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new NotFound("Instance " + text + " could not be found.");
        }
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.path(field);
        if (!value.isTextual()) {
            throw new BadRequest("Invalid input for field/attribute " + field + ": a string is required.");
        }
        return value.asText();
    }
}
