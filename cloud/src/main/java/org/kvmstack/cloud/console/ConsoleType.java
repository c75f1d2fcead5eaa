package org.kvmstack.cloud.console;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of console a token opens, named as in nova's {@code remote_console.type}. */
public enum ConsoleType {
    /** The domain's first serial port, over a websocket ({@code protocol=serial}). */
    SERIAL("serial", "serial"),
    /** The domain's VNC server, RFB over a websocket for noVNC ({@code protocol=vnc}). */
    NOVNC("novnc", "vnc");

    private final String apiName;
    private final String protocol;

    ConsoleType(String apiName, String protocol) {
        this.apiName = apiName;
        this.protocol = protocol;
    }

    /** The {@code type} in the API and the value stored with a token. */
    public String apiName() {
        return apiName;
    }

    /** The {@code protocol} in the API. */
    public String protocol() {
        return protocol;
    }

    public static Optional<ConsoleType> fromApiName(String name) {
        String wanted = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.apiName.equals(wanted)).findFirst();
    }
}
