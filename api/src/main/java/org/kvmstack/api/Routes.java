package org.kvmstack.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsConfig;
import java.util.function.Consumer;
import java.util.Objects;

/**
 * Route registration that makes every route declare its {@link Access}: there is no way to add
 * a route without saying who may call it, so the route table reads as the access model.
 */
public final class Routes {
    private final RoutesConfig routes;

    Routes(RoutesConfig routes) {
        this.routes = routes;
    }

    public Routes get(String path, Access access, Handler handler) {
        return add(HandlerType.GET, path, access, handler);
    }

    public Routes head(String path, Access access, Handler handler) {
        return add(HandlerType.HEAD, path, access, handler);
    }

    public Routes post(String path, Access access, Handler handler) {
        return add(HandlerType.POST, path, access, handler);
    }

    public Routes put(String path, Access access, Handler handler) {
        return add(HandlerType.PUT, path, access, handler);
    }

    public Routes patch(String path, Access access, Handler handler) {
        return add(HandlerType.PATCH, path, access, handler);
    }

    public Routes delete(String path, Access access, Handler handler) {
        return add(HandlerType.DELETE, path, access, handler);
    }

    /**
     * A websocket endpoint. The HTTP access check does not run on upgrade requests: a websocket route authenticates
     * in its own {@link #wsBeforeUpgrade} handler (e.g. a console token) and declares {@link Access#PUBLIC} here.
     */
    public Routes ws(String path, Access access, Consumer<WsConfig> ws) {
        routes.ws(path, Objects.requireNonNull(ws, "ws"), Objects.requireNonNull(access, "access"));
        return this;
    }

    /** Runs before a websocket upgrade on {@code path}; throwing a ServiceException refuses the upgrade. */
    public Routes wsBeforeUpgrade(String path, Handler handler) {
        routes.wsBeforeUpgrade(path, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    private Routes add(HandlerType method, String path, Access access, Handler handler) {
        routes.addHttpHandler(method, path, Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(access, "access"));
        return this;
    }
}
