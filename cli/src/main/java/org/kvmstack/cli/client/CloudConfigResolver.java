package org.kvmstack.cli.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Merges the three places credentials come from, later wins: the cloud named by {@code --os-cloud}
 * or {@code OS_CLOUD} in {@code clouds.yaml}, then the {@code OS_*} environment variables, then the
 * {@code --os-*} options. Keys are openstacksdk's ({@code auth_url}, {@code username}, …); the
 * variable for a key is {@code OS_} + its upper-case name.
 */
public final class CloudConfigResolver {
    public static final String CLOUD = "cloud";
    public static final String AUTH_URL = "auth_url";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String PROJECT_NAME = "project_name";
    public static final String USER_DOMAIN_NAME = "user_domain_name";
    public static final String PROJECT_DOMAIN_NAME = "project_domain_name";
    public static final String REGION_NAME = "region_name";

    static final List<String> KEYS = List.of(AUTH_URL, USERNAME, PASSWORD, PROJECT_NAME, USER_DOMAIN_NAME,
            PROJECT_DOMAIN_NAME, REGION_NAME);
    private static final List<String> REQUIRED = List.of(AUTH_URL, USERNAME, PASSWORD, PROJECT_NAME);
    private static final String DEFAULT_DOMAIN = "Default";

    private final Map<String, String> environment;
    private final CloudsYaml cloudsYaml;

    public CloudConfigResolver(Map<String, String> environment, CloudsYaml cloudsYaml) {
        this.environment = Map.copyOf(environment);
        this.cloudsYaml = cloudsYaml;
    }

    /** {@code auth_url} → {@code OS_AUTH_URL}. */
    public static String environmentName(String key) {
        return "OS_" + key.toUpperCase(Locale.ROOT);
    }

    /**
     * @param options values given as {@code --os-*} options, by key (absent keys were not given;
     *                {@link #CLOUD} names the cloud)
     * @param timeout bound on each HTTP request
     * @throws ClientException naming what is missing and where it can be set
     */
    public CloudConfig resolve(Map<String, String> options, Duration timeout) {
        Map<String, String> values = new HashMap<>();
        List<String> sources = new ArrayList<>();
        String cloud = firstNonBlank(options.get(CLOUD), environment.get(environmentName(CLOUD)));
        if (cloud != null) {
            CloudsYaml.Entry entry = cloudsYaml.find(cloud).orElseThrow(() -> new ClientException(
                    "cloud '" + cloud + "' is not in any clouds.yaml (searched " + searchPath() + ")"));
            KEYS.forEach(key -> putIfGiven(values, key, entry.settings().get(key)));
            sources.add("cloud " + cloud + " in " + entry.file());
        }
        boolean fromEnvironment = false;
        for (String key : KEYS) {
            fromEnvironment |= putIfGiven(values, key, environment.get(environmentName(key)));
        }
        if (fromEnvironment) {
            sources.add("OS_* variables");
        }
        boolean fromOptions = false;
        for (String key : KEYS) {
            fromOptions |= putIfGiven(values, key, options.get(key));
        }
        if (fromOptions) {
            sources.add("--os-* options");
        }
        List<String> missing = REQUIRED.stream().filter(key -> !values.containsKey(key)).toList();
        if (!missing.isEmpty()) {
            throw new ClientException(missingMessage(cloud, missing));
        }
        return new CloudConfig(
                parseAuthUrl(values.get(AUTH_URL)),
                values.get(USERNAME),
                values.get(PASSWORD),
                values.get(PROJECT_NAME),
                values.getOrDefault(USER_DOMAIN_NAME, DEFAULT_DOMAIN),
                values.getOrDefault(PROJECT_DOMAIN_NAME, DEFAULT_DOMAIN),
                Optional.ofNullable(values.get(REGION_NAME)),
                timeout,
                String.join(" + ", sources));
    }

    private String missingMessage(String cloud, List<String> missing) {
        String names = missing.stream().map(CloudConfigResolver::environmentName).collect(Collectors.joining(", "));
        if (cloud == null && missing.size() == REQUIRED.size()) {
            return "no cloud credentials: set OS_CLOUD (or --os-cloud) to a cloud in clouds.yaml (searched "
                    + searchPath() + "), or set " + names;
        }
        return "incomplete cloud credentials" + (cloud == null ? "" : " for cloud '" + cloud + "'")
                + ": missing " + names + " (or the matching --os-* options)";
    }

    private String searchPath() {
        return cloudsYaml.searchPath().stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    private static boolean putIfGiven(Map<String, String> values, String key, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        values.put(key, value.strip());
        return true;
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.strip();
        }
        return second == null || second.isBlank() ? null : second.strip();
    }

    private static URI parseAuthUrl(String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ClientException("auth_url '" + value + "' is not an absolute http(s) URL, e.g. "
                    + "http://127.0.0.1:8080/identity/v3", e);
        }
    }
}
