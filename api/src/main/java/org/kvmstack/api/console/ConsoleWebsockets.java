package org.kvmstack.api.console;

import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.kvmstack.api.PublicUrls;
import org.kvmstack.cloud.console.ConsoleChannel;
import org.kvmstack.cloud.console.ConsoleGrant;
import org.kvmstack.cloud.console.ConsoleService;
import org.kvmstack.cloud.console.ConsoleType;
import org.kvmstack.cloud.error.Forbidden;
import org.kvmstack.cloud.error.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console websockets. Before the upgrade: the {@code Origin} must be allowed ({@link OriginPolicy}, else 403)
 * and the {@code token} query parameter is consumed (else 401) — so a refused client never gets a websocket and a
 * token is spent even if the upgrade then fails. On connect the console is opened and a {@link ConsoleBridge}
 * pumps bytes until either side ends.
 */
final class ConsoleWebsockets {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleWebsockets.class);
    private static final String GRANT = "kvmstack.console-grant";
    /** Largest frame accepted from a browser: RFB client messages and typed text are tiny. */
    private static final long MAX_FRAME = 64 * 1024;
    /** A console may sit idle for long; the websocket must not time out underneath it. */
    private static final Duration IDLE_TIMEOUT = Duration.ofHours(8);

    private final ConsoleService consoles;
    private final OriginPolicy origins;
    private final Map<String, ConsoleBridge> bridges = new ConcurrentHashMap<>();

    ConsoleWebsockets(ConsoleService consoles, OriginPolicy origins) {
        this.consoles = Objects.requireNonNull(consoles, "consoles");
        this.origins = Objects.requireNonNull(origins, "origins");
    }

    /** Before-upgrade handler for {@code /console/*}. */
    void beforeUpgrade(Context ctx) {
        ConsoleType type = typeOf(ctx.path());
        if (type == null) {
            return; // not a console websocket; the router answers 404
        }
        if (!origins.allows(ctx.header("Origin"), PublicUrls.baseUrl(ctx))) {
            throw new Forbidden("This origin may not open consoles.");
        }
        ctx.attribute(GRANT, consoles.authorize(ctx.queryParam("token"), type));
    }

    Consumer<WsConfig> endpoint() {
        return ws -> {
            ws.onConnect(this::connect);
            ws.onBinaryMessage(ctx -> bridge(ctx).ifPresent(b -> {
                byte[] data = new byte[ctx.data().remaining()];
                ctx.data().get(data);
                b.fromBrowser(data);
            }));
            ws.onMessage(ctx -> bridge(ctx).ifPresent(b -> b.fromBrowser(ctx.message())));
            ws.onClose(ctx -> end(ctx, "browser closed (" + ctx.status() + ")"));
            ws.onError(ctx -> end(ctx, "websocket error: " + ctx.error()));
        };
    }

    private void connect(WsContext ctx) {
        ConsoleGrant grant = ctx.attribute(GRANT);
        if (grant == null) {
            ctx.closeSession(1008, "not authorized"); // cannot happen: the before-upgrade handler refuses first
            return;
        }
        ctx.session.setIdleTimeout(IDLE_TIMEOUT);
        ctx.session.setMaxBinaryMessageSize(MAX_FRAME);
        ctx.session.setMaxTextMessageSize(MAX_FRAME);
        ConsoleChannel channel;
        try {
            channel = consoles.open(grant);
        } catch (ServiceException | org.kvmstack.virt.VirtException e) {
            LOG.info("console session type={} instance={} project={} client={} end=\"not opened: {}\"",
                    grant.type().apiName(), grant.instanceId(), grant.projectId(),
                    ctx.session.getRemoteSocketAddress(), e.getMessage());
            ctx.closeSession(1011, truncate(e.getMessage()));
            return;
        }
        ConsoleBridge bridge = new ConsoleBridge(ctx, grant, channel);
        bridges.put(ctx.sessionId(), bridge);
        bridge.start();
    }

    private java.util.Optional<ConsoleBridge> bridge(WsContext ctx) {
        return java.util.Optional.ofNullable(bridges.get(ctx.sessionId()));
    }

    private void end(WsContext ctx, String reason) {
        ConsoleBridge bridge = bridges.remove(ctx.sessionId());
        if (bridge != null) {
            bridge.close(reason);
        }
    }

    static ConsoleType typeOf(String path) {
        if (path.equals(ConsoleUrls.SERIAL_PATH)) {
            return ConsoleType.SERIAL;
        }
        if (path.equals(ConsoleUrls.VNC_WEBSOCKET_PATH)) {
            return ConsoleType.NOVNC;
        }
        return null;
    }

    private static String truncate(String message) {
        String m = message == null ? "console unavailable" : message;
        return m.length() > 100 ? m.substring(0, 100) : m;
    }
}
