package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.identity.PasswordHasher;

/** The read-only Neutron networks view of a controller with one (test-driver) host. */
class NetworkHttpTest {
    private Controller controller;
    private int port;
    private String token;

    @BeforeEach
    void start(@TempDir Path dataDir) throws Exception {
        var config = new ConfigLoader(Map.of(), dataDir.resolve("absent.conf")).load(Optional.empty(),
                Map.of(ConfigLoader.DATA_DIR, dataDir.toString(), ConfigLoader.PORT, "0",
                        ConfigLoader.HOSTS, "lab=test:///default"));
        controller = Controller.start(config, Clock.systemUTC(), PasswordHasher.bcrypt(4));
        port = controller.port();
        String password = controller.generatedAdminPassword().orElseThrow();
        HttpResponse<String> issued = send(request(port, "/identity/v3/auth/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestControllers.passwordAuth("admin", password, "admin"))));
        token = issued.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(request(port, "/network/v2.0" + path).header("X-Auth-Token", token).GET());
    }

    @Test
    void theDefaultNetworkIsFoundByNameAndByIdAsOpenStackSdkLooksItUp() throws Exception {
        HttpResponse<String> byName = get("/networks?name=kvmstack-default");
        assertThat(byName.statusCode()).isEqualTo(200);
        var networks = json(byName).get("networks");
        assertThat(networks).hasSize(1);
        String id = networks.get(0).get("id").asText();
        assertThat(networks.get(0).get("name").asText()).isEqualTo("kvmstack-default");
        assertThat(networks.get(0).get("status").asText()).isEqualTo("ACTIVE");

        HttpResponse<String> show = get("/networks/" + id);
        assertThat(show.statusCode()).isEqualTo(200);
        assertThat(json(show).at("/network/subnets")).hasSize(1);

        HttpResponse<String> nameAsId = get("/networks/kvmstack-default");
        assertThat(nameAsId.statusCode()).isEqualTo(404);
        assertThat(json(nameAsId).at("/NeutronError/message").asText()).contains("could not be found");
        assertThat(json(get("/networks?name=other")).get("networks")).isEmpty();
    }

    @Test
    void withoutATokenTheNetworksAreNotShown() throws Exception {
        assertThat(send(request(port, "/network/v2.0/networks").GET()).statusCode()).isEqualTo(401);
    }
}
