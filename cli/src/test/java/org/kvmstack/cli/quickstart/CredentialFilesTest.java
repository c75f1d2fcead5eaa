package org.kvmstack.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cli.client.CloudConfig;
import org.kvmstack.cli.client.CloudConfigResolver;
import org.kvmstack.cli.client.CloudsYaml;

/** The files quickstart writes read back the way their users read them: the client's resolver, and bash. */
class CredentialFilesTest {
    private static final URI AUTH = URI.create("http://127.0.0.1:18080/identity/v3");
    /** Every character that needs care in YAML or in a shell. */
    private static final String PASSWORD = "p'a\"s s:#$`\\x{}!";

    @TempDir
    Path dir;

    @Test
    void cloudsYamlIsPrivateAndResolvesToTheAdmin() throws Exception {
        Path file = dir.resolve("clouds.yaml");
        CredentialFiles.writeCloudsYaml(file, AUTH, PASSWORD, "RegionOne");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        CloudConfig config = new CloudConfigResolver(Map.of("OS_CLOUD", "kvmstack"), new CloudsYaml(List.of(file)))
                .resolve(Map.of(), Duration.ofSeconds(5));
        assertThat(config.authUrl()).isEqualTo(AUTH);
        assertThat(config.username()).isEqualTo("admin");
        assertThat(config.password()).isEqualTo(PASSWORD);
        assertThat(config.projectName()).isEqualTo("admin");
        assertThat(config.regionName()).hasValue("RegionOne");
    }

    @Test
    void openrcSourcedByBashExportsTheSameValues() throws Exception {
        Path file = dir.resolve("openrc");
        CredentialFiles.writeOpenrc(file, AUTH, PASSWORD, "RegionOne");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Process bash = new ProcessBuilder("bash", "-c", ". \"$1\" && printf '%s\\n%s\\n%s\\n' \"$OS_AUTH_URL\""
                + " \"$OS_PASSWORD\" \"$OS_PROJECT_NAME\"", "bash", file.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(output.lines().toList()).containsExactly(AUTH.toString(), PASSWORD, "admin");
    }

    @Test
    void shellQuoting() {
        assertThat(ShellQuote.single("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellQuote.single("")).isEqualTo("''");
    }
}
