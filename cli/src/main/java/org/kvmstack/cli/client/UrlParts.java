package org.kvmstack.cli.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Escaping for the parts of a request path a user's value ends up in. */
public final class UrlParts {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\.^$|?*+()\\[\\]{}]");

    private UrlParts() {}

    /** One path segment: {@code my key} → {@code my%20key}, {@code a/b} → {@code a%2Fb}. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One query parameter value. */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** True when the value has the shape of a UUID (with or without dashes), i.e. is meant as an id. */
    public static boolean looksLikeUuid(String value) {
        return UUID.matcher(value).matches();
    }

    /** Nova's {@code name} filter is a (Python) regular expression: match exactly this name. */
    public static String exactNameRegex(String name) {
        return "^" + REGEX_SPECIAL.matcher(name).replaceAll("\\\\$0") + "$";
    }
}
