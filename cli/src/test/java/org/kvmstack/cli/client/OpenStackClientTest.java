package org.kvmstack.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the real controller over HTTP: authentication, catalog, error messages. */
class OpenStackClientTest {
    @TempDir
    static Path dataDir;

    static RunningController controller;

    @BeforeAll
    static void start() {
        controller = RunningController.start(dataDir);
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    @Test
    void passwordAuthenticationGivesATokenAndTheCatalogEndpointsWithTheirVersions() {
        OpenStackClient client = OpenStackClient.connect(controller.admin());

        assertThat(client.token()).isNotBlank();
        String base = "http://127.0.0.1:" + controller.authUrl().getPort();
        assertThat(client.endpoint(ServiceType.COMPUTE)).hasToString(base + "/compute/v2.1");
        assertThat(client.endpoint(ServiceType.IMAGE)).hasToString(base + "/image/v2");
        assertThat(client.endpoint(ServiceType.NETWORK)).hasToString(base + "/network/v2.0");
        assertThat(client.endpoint(ServiceType.VOLUME)).hasToString(base + "/volume/v3");
    }

    @Test
    void authUrlWithoutV3IsAccepted() {
        CloudConfig admin = controller.admin();
        CloudConfig unversioned = new CloudConfig(URI.create(admin.authUrl().toString().replace("/v3", "")),
                admin.username(), admin.password(), admin.projectName(), "Default", "Default", Optional.empty(),
                admin.timeout(), "test");

        assertThat(OpenStackClient.connect(unversioned).token()).isNotBlank();
    }

    @Test
    void wrongPasswordIsOneLineWithStatusAndRequestId() {
        CloudConfig admin = controller.admin();
        CloudConfig wrong = new CloudConfig(admin.authUrl(), "admin", "not-the-password", "admin", "Default",
                "Default", Optional.empty(), admin.timeout(), "test");

        assertThatThrownBy(() -> OpenStackClient.connect(wrong))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.status()).hasValue(401);
                    assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req-"));
                    assertThat(e.getMessage())
                            .startsWith("authentication as admin at " + admin.authUrl() + " failed: ")
                            .matches(".*\\(HTTP 401, req-[0-9a-f-]+\\)$")
                            .doesNotContain("\n");
                });
    }

    @Test
    void regionNotInCatalogIsNamed() {
        CloudConfig admin = controller.admin();
        CloudConfig elsewhere = new CloudConfig(admin.authUrl(), "admin", admin.password(), "admin", "Default",
                "Default", Optional.of("Mars"), admin.timeout(), "test");
        OpenStackClient client = OpenStackClient.connect(elsewhere);

        assertThatThrownBy(() -> client.endpoint(ServiceType.COMPUTE))
                .hasMessage("the cloud's catalog has no public compute endpoint in region Mars");
    }

    @Test
    void serviceErrorBodyBecomesTheMessage() {
        OpenStackClient client = OpenStackClient.connect(controller.admin());

        assertThatThrownBy(() -> client.get(ServiceType.COMPUTE, "/no-such-resource/42"))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.getMessage()).matches("\\S.* \\(HTTP 404, req-[0-9a-f-]+\\)$");
                });
        assertThat(client.find(ServiceType.COMPUTE, "/no-such-resource/42")).isEmpty();
    }

    @Test
    void unreachableControllerSaysSo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CloudConfig nowhere = new CloudConfig(URI.create("http://127.0.0.1:" + closedPort + "/identity/v3"), "admin",
                "x", "admin", "Default", "Default", Optional.empty(), Duration.ofSeconds(2), "test");

        assertThatThrownBy(() -> OpenStackClient.connect(nowhere))
                .isInstanceOf(ClientException.class)
                .hasMessage("cannot reach http://127.0.0.1:" + closedPort
                        + ": connection refused (is the controller running?)");
    }
}
