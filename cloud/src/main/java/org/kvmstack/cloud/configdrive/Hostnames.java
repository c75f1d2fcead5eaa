package org.kvmstack.cloud.configdrive;

import java.text.Normalizer;
import java.util.Locale;
import java.util.UUID;

/**
 * Guest host names the way Nova makes them from a server name ({@code nova.utils.sanitize_hostname}): accents
 * dropped, lowercase, spaces, underscores and dots become '-', anything else outside [a-z0-9-] is removed,
 * leading and trailing '-' stripped, at most 63 characters (one DNS label). An empty result becomes
 * {@code server-<uuid>}.
 */
public final class Hostnames {
    private static final int MAX_LABEL = 63;

    private Hostnames() {}

    public static String sanitize(String name, UUID instanceId) {
        String ascii = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String h = ascii.toLowerCase(Locale.ROOT)
                .replaceAll("[ _.]", "-")
                .replaceAll("[^a-z0-9-]", "");
        h = trimDashes(h);
        if (h.length() > MAX_LABEL) {
            h = trimDashes(h.substring(0, MAX_LABEL));
        }
        return h.isEmpty() ? "server-" + instanceId : h;
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }
}
