package org.kvmstack.api.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.kvmstack.cloud.console.ConsoleType;

/**
 * The console URLs handed to users, under the controller's public base URL: the serial websocket
 * {@code ws(s)://…/console/serial?token=…}, and for VNC the noVNC page {@code http(s)://…/console/vnc?token=…}
 * (served with the dashboard), which connects to the websocket {@code /console/websockify?token=…}.
 */
public final class ConsoleUrls {
    public static final String SERIAL_PATH = "/console/serial";
    public static final String VNC_PAGE_PATH = "/console/vnc";
    public static final String VNC_WEBSOCKET_PATH = "/console/websockify";

    private ConsoleUrls() {
    }

    /** The URL for {@code type} with {@code token}, from a base like {@code https://cloud.example.com}. */
    public static String of(String baseUrl, ConsoleType type, String token) {
        String query = "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return switch (type) {
            case SERIAL -> websocketBase(baseUrl) + SERIAL_PATH + query;
            case NOVNC -> baseUrl + VNC_PAGE_PATH + query;
        };
    }

    private static String websocketBase(String baseUrl) {
        if (baseUrl.startsWith("https://")) {
            return "wss://" + baseUrl.substring("https://".length());
        }
        if (baseUrl.startsWith("http://")) {
            return "ws://" + baseUrl.substring("http://".length());
        }
        return baseUrl;
    }
}
