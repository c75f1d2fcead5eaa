package org.kvmstack.cli.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a cloud is and who we are on it: everything needed for Keystone v3 password authentication,
 * already merged from {@code clouds.yaml}, {@code OS_*} variables and {@code --os-*} options.
 *
 * @param authUrl           the identity endpoint, e.g. {@code http://127.0.0.1:8080/identity/v3}
 *                          ({@code /v3} is added when missing)
 * @param username          user name
 * @param password          password
 * @param projectName       project to scope the token to
 * @param userDomainName    domain of the user (default {@code Default})
 * @param projectDomainName domain of the project (default {@code Default})
 * @param regionName        region whose endpoints are used; empty: the first endpoint of each service
 * @param timeout           bound on every HTTP request (connect and response)
 * @param source            where the settings came from, for error messages ("cloud kvmstack in /x/clouds.yaml")
 */
public record CloudConfig(
        URI authUrl,
        String username,
        String password,
        String projectName,
        String userDomainName,
        String projectDomainName,
        Optional<String> regionName,
        Duration timeout,
        String source) {

    public CloudConfig {
        Objects.requireNonNull(authUrl, "authUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(userDomainName, "userDomainName");
        Objects.requireNonNull(projectDomainName, "projectDomainName");
        Objects.requireNonNull(regionName, "regionName");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(source, "source");
    }

    /** The {@code /v3/auth/tokens} URL under {@link #authUrl}, whether or not the auth URL names {@code /v3}. */
    public URI tokensUrl() {
        String base = authUrl.toString().replaceAll("/+$", "");
        if (!base.endsWith("/v3")) {
            base = base + "/v3";
        }
        return URI.create(base + "/auth/tokens");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "CloudConfig[authUrl=" + authUrl + ", username=" + username + ", projectName=" + projectName
                + ", source=" + source + "]";
    }
}
