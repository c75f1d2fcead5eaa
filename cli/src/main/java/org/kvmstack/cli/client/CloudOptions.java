package org.kvmstack.cli.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --os-*} options of every command that talks to a cloud, named as in the openstack CLI.
 * Unset options fall back to {@code OS_*} variables, then to the cloud in {@code clouds.yaml}
 * (see {@link CloudConfigResolver}).
 */
public final class CloudOptions {
    @Option(names = "--os-cloud", paramLabel = "NAME", description = "Cloud in clouds.yaml (default: $OS_CLOUD).")
    private String cloud;

    @Option(names = "--os-auth-url", paramLabel = "URL", description = "Identity URL (default: $OS_AUTH_URL).")
    private String authUrl;

    @Option(names = "--os-username", paramLabel = "NAME", description = "User (default: $OS_USERNAME).")
    private String username;

    @Option(names = "--os-password", paramLabel = "PASSWORD", description = "Password (default: $OS_PASSWORD).")
    private String password;

    @Option(names = "--os-project-name", paramLabel = "NAME", description = "Project (default: $OS_PROJECT_NAME).")
    private String projectName;

    @Option(names = "--os-user-domain-name", paramLabel = "NAME", description = "User's domain (default: Default).")
    private String userDomainName;

    @Option(names = "--os-project-domain-name", paramLabel = "NAME",
            description = "Project's domain (default: Default).")
    private String projectDomainName;

    @Option(names = "--os-region-name", paramLabel = "NAME", description = "Region (default: any).")
    private String regionName;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Bound on each HTTP request (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds = 60;

    /**
     * The merged settings for this environment.
     *
     * @throws ClientException when credentials are missing or unreadable
     */
    public CloudConfig resolve(Map<String, String> environment) {
        if (timeoutSeconds <= 0) {
            throw new ClientException("--timeout must be a positive number of seconds");
        }
        Path home = Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")));
        CloudsYaml files = CloudsYaml.standard(environment, Path.of("").toAbsolutePath(), home);
        return new CloudConfigResolver(environment, files).resolve(given(), Duration.ofSeconds(timeoutSeconds));
    }

    private Map<String, String> given() {
        Map<String, String> values = new HashMap<>();
        putIfGiven(values, CloudConfigResolver.CLOUD, cloud);
        putIfGiven(values, CloudConfigResolver.AUTH_URL, authUrl);
        putIfGiven(values, CloudConfigResolver.USERNAME, username);
        putIfGiven(values, CloudConfigResolver.PASSWORD, password);
        putIfGiven(values, CloudConfigResolver.PROJECT_NAME, projectName);
        putIfGiven(values, CloudConfigResolver.USER_DOMAIN_NAME, userDomainName);
        putIfGiven(values, CloudConfigResolver.PROJECT_DOMAIN_NAME, projectDomainName);
        putIfGiven(values, CloudConfigResolver.REGION_NAME, regionName);
        return values;
    }

    private static void putIfGiven(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
