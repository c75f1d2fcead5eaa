package org.kvmstack.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.config.ControllerConfig;
import org.kvmstack.cloud.identity.PasswordHasher;

/** Starts the production controller on a free loopback port with a temp data dir, and calls it over real HTTP. */
final class TestControllers {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestControllers() {}

    static ControllerConfig config(Path dataDir) {
        return new ConfigLoader(Map.of(), dataDir.resolve("absent.conf")).load(Optional.empty(),
                Map.of(ConfigLoader.DATA_DIR, dataDir.toString(), ConfigLoader.PORT, "0"));
    }

    static Controller start(Path dataDir, Clock clock) {
        return Controller.start(config(dataDir), clock, PasswordHasher.bcrypt(4));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static String passwordAuth(String user, String password, String project) {
        String scope = project == null ? ""
                : ",\"scope\":{\"project\":{\"name\":\"" + project + "\",\"domain\":{\"name\":\"Default\"}}}";
        return "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"" + user
                + "\",\"domain\":{\"name\":\"Default\"},\"password\":\"" + password + "\"}}}" + scope + "}}";
    }
}
