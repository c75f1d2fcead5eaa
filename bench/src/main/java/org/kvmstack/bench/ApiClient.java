package org.kvmstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A minimal OpenStack REST client for the benchmark: a project-scoped admin token, then plain GET/POST/DELETE with
 * it. Deliberately not the kvmstack CLI, so that the figures measure the controller, not a client's start-up.
 */
public final class ApiClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final String baseUrl;
    private final ObjectMapper json = new ObjectMapper();
    private String token;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public HttpClient http() {
        return http;
    }

    public String token() {
        if (token == null) {
            throw new IllegalStateException("log in first");
        }
        return token;
    }

    /** Password authentication of {@code admin} scoped to project {@code admin} (the bootstrap's user). */
    public String login(String password) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        ObjectNode auth = body.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", "admin");
        user.putObject("domain").put("id", "default");
        user.put("password", password);
        ObjectNode project = auth.putObject("scope").putObject("project");
        project.put("name", "admin");
        project.putObject("domain").put("id", "default");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/identity/v3/auth/tokens"))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(response, 201);
        token = response.headers().firstValue("X-Subject-Token")
                .orElseThrow(() -> new IOException("token response without X-Subject-Token"));
        return token;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("X-Auth-Token", token())
                .header("Accept", "application/json");
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode getJson(String path, int expected) throws IOException, InterruptedException {
        return json.readTree(expect(get(path), expected).body());
    }

    public JsonNode postJson(String path, JsonNode body, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(response, expected);
        return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    public ObjectMapper json() {
        return json;
    }

    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int expected) throws IOException {
        if (response.statusCode() != expected) {
            // One line: the reason ends up in a table note.
            String body = response.body().replaceAll("\\s+", " ").trim();
            throw new IOException(response.request().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + " (expected " + expected + "): "
                    + (body.length() > 500 ? body.substring(0, 500) + "…" : body));
        }
        return response;
    }
}
