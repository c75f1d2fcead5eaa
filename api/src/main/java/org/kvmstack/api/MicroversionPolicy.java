package org.kvmstack.api;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.kvmstack.cloud.error.NotAcceptable;

/**
 * Microversion negotiation for one service: reads {@code OpenStack-API-Version: <service> X.Y}
 * (or the service's legacy header, e.g. {@code X-OpenStack-Nova-API-Version}), resolves
 * {@code latest} and absence, rejects versions outside [min, max] with 406, and echoes the
 * chosen version in both headers with {@code Vary} so caches keep versions apart.
 *
 * @param serviceType  the name used in {@code OpenStack-API-Version}, e.g. {@code compute}
 * @param min          the oldest version served; used when the client asks for none
 * @param max          the newest version served; {@code latest} means this
 * @param legacyHeader the pre-standard header the service's old clients send, if any
 */
public record MicroversionPolicy(String serviceType, Microversion min, Microversion max, Optional<String> legacyHeader) {
    public static final String HEADER = "OpenStack-API-Version";
    static final String ATTRIBUTE = "kvmstack.microversion";

    public MicroversionPolicy {
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(legacyHeader, "legacyHeader");
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("min " + min + " > max " + max);
        }
    }

    /**
     * The version a request asks for.
     *
     * @param standard the {@code OpenStack-API-Version} header value, or null
     * @param legacy   the legacy header value, or null
     * @throws NotAcceptable when outside [min, max]
     * @throws org.kvmstack.cloud.error.BadRequest when malformed
     */
    public Microversion negotiate(String standard, String legacy) {
        String requested = fromStandardHeader(standard).orElse(legacy == null ? null : legacy.trim());
        if (requested == null || requested.isEmpty()) {
            return min;
        }
        if (requested.equalsIgnoreCase("latest")) {
            return max;
        }
        Microversion version = Microversion.parse(requested);
        if (version.compareTo(min) < 0 || version.compareTo(max) > 0) {
            throw new NotAcceptable("Version " + version + " is not supported by the API. Minimum is " + min
                    + " and maximum is " + max + ".");
        }
        return version;
    }

    /** Before-handler: negotiates, remembers the version for the handlers, echoes the headers. */
    void apply(Context ctx) {
        Microversion version = negotiate(ctx.header(HEADER), legacyHeader.map(ctx::header).orElse(null));
        ctx.attribute(ATTRIBUTE, version);
        ctx.header(HEADER, serviceType + " " + version);
        legacyHeader.ifPresent(h -> ctx.header(h, version.toString()));
        ctx.header("Vary", legacyHeader.map(h -> HEADER + ", " + h).orElse(HEADER));
    }

    /** The version negotiated for this request. */
    public static Microversion of(Context ctx) {
        Microversion version = ctx.attribute(ATTRIBUTE);
        if (version == null) {
            throw new IllegalStateException("no microversion negotiated for " + ctx.path());
        }
        return version;
    }

    // "compute 2.79" or, when a client talks to several services, "compute 2.79, volume 3.0".
    private Optional<String> fromStandardHeader(String header) {
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(",")) {
            String[] words = part.trim().split("\\s+");
            if (words.length == 2 && words[0].toLowerCase(Locale.ROOT).equals(serviceType)) {
                return Optional.of(words[1]);
            }
        }
        return Optional.empty();
    }
}
