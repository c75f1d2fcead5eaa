package org.kvmstack.api.console;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which web pages may open a console websocket (a browser sends the page's {@code Origin}; a websocket is not
 * protected by the same-origin policy, so without this check any page the user visits could use a console URL it
 * learned). Allowed: the origin of the configured public URL, else the origin the request itself came to (its Host
 * header), plus any origins configured explicitly. A request without {@code Origin} is not from a browser page
 * (command-line websocket clients send none) and is allowed, as nova's proxy does; the token still decides.
 */
public final class OriginPolicy {
    private final Optional<String> publicOrigin;
    private final Set<String> extraOrigins;

    /**
     * @param publicUrl    the controller's configured public URL, if any
     * @param extraOrigins further allowed origins, e.g. {@code https://dashboard.example.com}
     */
    public OriginPolicy(Optional<URI> publicUrl, List<String> extraOrigins) {
        this.publicOrigin = Objects.requireNonNull(publicUrl, "publicUrl").map(OriginPolicy::originOf);
        this.extraOrigins = extraOrigins.stream().map(o -> normalize(URI.create(o))).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param origin      the request's {@code Origin} header, or null
     * @param requestBase the scheme and Host the request came to, e.g. {@code http://127.0.0.1:8080}
     */
    public boolean allows(String origin, String requestBase) {
        if (origin == null) {
            return true;
        }
        String normalized;
        try {
            normalized = normalize(URI.create(origin.trim()));
        } catch (IllegalArgumentException e) {
            return false; // "null" (sandboxed pages) and garbage are not an allowed origin
        }
        String own = publicOrigin.orElseGet(() -> normalize(URI.create(requestBase)));
        return Stream.concat(Stream.of(own), extraOrigins.stream()).anyMatch(normalized::equals);
    }

    private static String originOf(URI url) {
        return normalize(url);
    }

    /** {@code scheme://host[:port]}, lower case, default ports dropped; http(s) and ws(s) count as the same site. */
    static String normalize(URI uri) {
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null) {
            throw new IllegalArgumentException("not an origin: " + uri);
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        scheme = switch (scheme) {
            case "ws" -> "http";
            case "wss" -> "https";
            default -> scheme;
        };
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
