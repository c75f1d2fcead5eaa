package org.kvmstack.api.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;
import org.kvmstack.api.Access;
import org.kvmstack.api.RouteModule;
import org.kvmstack.api.Routes;
import org.kvmstack.cloud.console.ConsoleService;

/**
 * Console routes: the compute API's remote-console request, and the console websockets under {@code /console}
 * (authenticated by their single-use token, not by a Keystone token, since browsers cannot set headers on a
 * websocket). The legacy server actions are answered by {@link #requests()} from compute's action dispatcher.
 */
public final class ConsoleRoutes implements RouteModule {
    private final ConsoleRequests requests;
    private final ConsoleWebsockets websockets;

    public ConsoleRoutes(ConsoleService consoles, OriginPolicy origins, ObjectMapper json) {
        Objects.requireNonNull(consoles, "consoles");
        this.requests = new ConsoleRequests(consoles, json);
        this.websockets = new ConsoleWebsockets(consoles, origins);
    }

    /** The console requests, for compute's {@code POST /servers/{id}/action} (os-getVNCConsole, os-getSerialConsole). */
    public ConsoleRequests requests() {
        return requests;
    }

    @Override
    public void register(Routes routes) {
        routes.post("/compute/v2.1/servers/{id}/remote-consoles", Access.MEMBER, requests::remoteConsole);
        routes.wsBeforeUpgrade("/console/*", websockets::beforeUpgrade);
        routes.ws(ConsoleUrls.SERIAL_PATH, Access.PUBLIC, websockets.endpoint());
        routes.ws(ConsoleUrls.VNC_WEBSOCKET_PATH, Access.PUBLIC, websockets.endpoint());
    }
}
