package org.kvmstack.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudConfigResolverTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CLOUDS = """
            clouds:
              kvmstack:
                auth:
                  auth_url: http://127.0.0.1:8080/identity/v3
                  username: admin
                  password: "s3cret: with colon"
                  project_name: admin
                  user_domain_name: Default
                  project_domain_name: Default
                region_name: RegionOne
                identity_api_version: 3
              other:
                auth:
                  auth_url: http://other:5000/v3
            """;

    @TempDir
    Path dir;

    @Test
    void cloudFromCloudsYamlNamedByOsCloud() throws IOException {
        Path file = Files.writeString(dir.resolve("clouds.yaml"), CLOUDS);
        CloudConfigResolver resolver = new CloudConfigResolver(Map.of("OS_CLOUD", "kvmstack"),
                new CloudsYaml(List.of(dir.resolve("missing.yaml"), file)));

        CloudConfig config = resolver.resolve(Map.of(), TIMEOUT);

        assertThat(config.authUrl()).hasToString("http://127.0.0.1:8080/identity/v3");
        assertThat(config.username()).isEqualTo("admin");
        assertThat(config.password()).isEqualTo("s3cret: with colon");
        assertThat(config.projectName()).isEqualTo("admin");
        assertThat(config.regionName()).hasValue("RegionOne");
        assertThat(config.tokensUrl()).hasToString("http://127.0.0.1:8080/identity/v3/auth/tokens");
        assertThat(config.source()).isEqualTo("cloud kvmstack in " + file);
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void environmentOverridesCloudsYamlAndOptionsOverrideBoth() throws IOException {
        Path file = Files.writeString(dir.resolve("clouds.yaml"), CLOUDS);
        Map<String, String> environment = Map.of("OS_CLOUD", "kvmstack", "OS_USERNAME", "alice");
        CloudConfigResolver resolver = new CloudConfigResolver(environment, new CloudsYaml(List.of(file)));

        CloudConfig config = resolver.resolve(Map.of(CloudConfigResolver.PROJECT_NAME, "demo"), TIMEOUT);

        assertThat(config.username()).isEqualTo("alice");
        assertThat(config.projectName()).isEqualTo("demo");
        assertThat(config.source()).isEqualTo("cloud kvmstack in " + file + " + OS_* variables + --os-* options");
    }

    @Test
    void optionNamesTheCloudOverOsCloud() throws IOException {
        Path file = Files.writeString(dir.resolve("clouds.yaml"), CLOUDS);
        CloudConfigResolver resolver = new CloudConfigResolver(Map.of("OS_CLOUD", "kvmstack"),
                new CloudsYaml(List.of(file)));

        assertThatThrownBy(() -> resolver.resolve(Map.of(CloudConfigResolver.CLOUD, "other"), TIMEOUT))
                .hasMessage("incomplete cloud credentials for cloud 'other': missing OS_USERNAME, OS_PASSWORD,"
                        + " OS_PROJECT_NAME (or the matching --os-* options)");
    }

    @Test
    void environmentAloneWithDefaultDomains() {
        Map<String, String> environment = new HashMap<>(Map.of("OS_AUTH_URL", "http://h:8080/identity",
                "OS_USERNAME", "u", "OS_PASSWORD", "p", "OS_PROJECT_NAME", "pr"));
        CloudConfig config = new CloudConfigResolver(environment, new CloudsYaml(List.of()))
                .resolve(Map.of(), TIMEOUT);

        assertThat(config.userDomainName()).isEqualTo("Default");
        assertThat(config.projectDomainName()).isEqualTo("Default");
        assertThat(config.regionName()).isEmpty();
        assertThat(config.tokensUrl()).hasToString("http://h:8080/identity/v3/auth/tokens");
        assertThat(config.source()).isEqualTo("OS_* variables");
    }

    @Test
    void nothingConfiguredSaysWhatToSet() {
        CloudsYaml search = CloudsYaml.standard(Map.of(), dir, dir.resolve("home"));

        assertThatThrownBy(() -> new CloudConfigResolver(Map.of(), search).resolve(Map.of(), TIMEOUT))
                .isInstanceOf(ClientException.class)
                .hasMessageStartingWith("no cloud credentials: set OS_CLOUD (or --os-cloud) to a cloud in clouds.yaml"
                        + " (searched " + dir.resolve("clouds.yaml") + ", " + dir.resolve("home/.config/openstack/clouds.yaml")
                        + ", /etc/openstack/clouds.yaml), or set OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME");
    }

    @Test
    void unknownCloudAndBrokenFileAreErrors() throws IOException {
        Path file = Files.writeString(dir.resolve("clouds.yaml"), CLOUDS);
        CloudsYaml search = CloudsYaml.standard(Map.of("OS_CLIENT_CONFIG_FILE", file.toString()), dir.resolve("x"),
                dir.resolve("home"));
        assertThat(search.searchPath().get(0)).isEqualTo(file);
        assertThatThrownBy(() -> new CloudConfigResolver(Map.of("OS_CLOUD", "nope"), search).resolve(Map.of(), TIMEOUT))
                .hasMessageStartingWith("cloud 'nope' is not in any clouds.yaml (searched " + file + ", ");

        Path broken = Files.writeString(dir.resolve("broken.yaml"), "clouds: [unclosed\n");
        assertThatThrownBy(() -> new CloudsYaml(List.of(broken)).find("kvmstack"))
                .isInstanceOf(ClientException.class).hasMessageStartingWith("cannot read " + broken + ": ");
    }

    @Test
    void authUrlMustBeHttp() {
        Map<String, String> environment = Map.of("OS_AUTH_URL", "ftp://h/identity", "OS_USERNAME", "u",
                "OS_PASSWORD", "p", "OS_PROJECT_NAME", "pr");
        assertThatThrownBy(() -> new CloudConfigResolver(environment, new CloudsYaml(List.of()))
                .resolve(Map.of(), TIMEOUT)).hasMessageStartingWith("auth_url 'ftp://h/identity' is not an absolute");
    }
}
