package org.kvmstack.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import org.eclipse.jetty.server.handler.GracefulHandler;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kvmstack.cloud.error.ServiceException;
import org.kvmstack.cloud.identity.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's HTTP server: one port, a path per OpenStack service. Cross-cutting concerns
 * run in this order for every request: request id → public URL → microversion (compute,
 * volume) → access check of the matched route → handler; failures from any of them become the
 * service's error body in {@link ErrorResponses}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** How long a stop waits for running requests before closing their connections. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    /**
     * Builds and starts the server.
     *
     * @param bindAddress where to listen
     * @param port        the port, 0 for any free one (see {@link #port()})
     * @param publicUrl   the configured public base URL, or empty to echo the client's Host
     * @param identity    validates tokens for the access checks
     * @param modules     the services' routes
     * @throws ServerStartException when the address cannot be bound
     */
    public static ApiServer start(String bindAddress, int port, Optional<URI> publicUrl, IdentityService identity,
                                  List<RouteModule> modules, ObjectMapper json) {
        Objects.requireNonNull(publicUrl, "publicUrl");
        AuthFilter auth = new AuthFilter(identity);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.router.ignoreTrailingSlashes = true;
            config.router.treatMultipleSlashesAsSingleSlash = true;
            config.jsonMapper(new JavalinJackson(json, false));
            config.jetty.host = bindAddress;
            config.jetty.port = port;
            config.jetty.modifyServer(server -> {
                // Graceful stop: refuse new requests, let running ones finish (bounded), then close.
                // Javalin nests its servlet handler inside a handler the server already has.
                server.setHandler(new GracefulHandler());
                server.setStopTimeout(STOP_TIMEOUT.toMillis());
            });
            config.requestLogger.http(RequestLog::log);
            config.routes.before(ctx -> {
                RequestIds.assign(ctx);
                PublicUrls.remember(ctx, publicUrl);
            });
            // The version document itself negotiates too: clients probe it with their header.
            config.routes.before("/compute/v2.1", ApiVersions.COMPUTE::apply);
            config.routes.before("/compute/v2.1/*", ApiVersions.COMPUTE::apply);
            config.routes.before("/volume/v3", ApiVersions.VOLUME::apply);
            config.routes.before("/volume/v3/*", ApiVersions.VOLUME::apply);
            config.routes.beforeMatched(auth::check);
            config.routes.exception(ServiceException.class,
                    (e, ctx) -> ErrorResponses.write(ctx, ErrorResponses.status(e.kind()), e.getMessage()));
            config.routes.exception(JacksonException.class,
                    (e, ctx) -> ErrorResponses.write(ctx, 400, "Malformed request body: " + e.getOriginalMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request_id={} failed: {}", RequestIds.of(ctx), e.toString(), e);
                ErrorResponses.write(ctx, 500, "The server has either erred or is incapable of performing the requested operation.");
            });
            config.routes.error(404, ctx -> {
                if (!ErrorResponses.alreadyWritten(ctx)) {
                    ErrorResponses.write(ctx, 404, "The resource could not be found.");
                }
            });
            config.routes.error(405, ctx -> {
                if (!ErrorResponses.alreadyWritten(ctx)) {
                    ErrorResponses.write(ctx, 405, "The method is not allowed for the requested URL.");
                }
            });
            Routes routes = new Routes(config.routes);
            new Discovery().register(routes);
            modules.forEach(m -> m.register(routes));
        });
        try {
            app.start();
        } catch (JavalinBindException e) {
            app.stop(); // release the threads Jetty started before the bind failed
            throw new ServerStartException("cannot listen on " + bindAddress + ":" + port
                    + " (in use, or not an address of this machine); choose another with port/bind_address", e);
        }
        return new ApiServer(app);
    }

    /** The port actually listened on. */
    public int port() {
        return app.port();
    }

    /** Stops accepting requests, lets running ones finish, and releases the port. */
    @Override
    public void close() {
        app.stop();
    }
}
