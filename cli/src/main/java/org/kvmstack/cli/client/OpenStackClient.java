package org.kvmstack.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An authenticated session with an OpenStack cloud: Keystone v3 password authentication (token and
 * catalog), then JSON calls to a service by {@link ServiceType}, paths relative to the service's
 * versioned endpoint. Every request is bounded by {@link CloudConfig#timeout()}; every failure is a
 * {@link ClientException} with a one-line message.
 */
public final class OpenStackClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "kvmstack-cli";
    /** Uploads may take longer than a request: allow at least 1 MiB/s on top of the request timeout. */
    private static final long MIN_UPLOAD_BYTES_PER_SECOND = 1 << 20;

    private final HttpClient http;
    private final CloudConfig config;
    private final String token;
    private final Catalog catalog;

    private OpenStackClient(HttpClient http, CloudConfig config, String token, Catalog catalog) {
        this.http = http;
        this.config = config;
        this.token = token;
        this.catalog = catalog;
    }

    /**
     * Authenticates with the password method, scoped to the configured project.
     *
     * @throws ClientException when the identity service cannot be reached or refuses the credentials
     */
    public static OpenStackClient connect(CloudConfig config) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(config.tokensUrl())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(authBody(config).toString()))
                .build();
        HttpResponse<String> response = send(http, request, config.timeout());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw failure("authentication as " + config.username() + " at " + config.authUrl() + " failed: ",
                    response);
        }
        String token = response.headers().firstValue("X-Subject-Token").orElseThrow(() -> new ClientException(
                "the identity service at " + config.authUrl() + " answered without an X-Subject-Token header"));
        JsonNode catalog = parse(response).path("token").path("catalog");
        return new OpenStackClient(http, config, token, new Catalog(catalog, config.regionName()));
    }

    /** The Keystone v3 request body; built as a tree so that every value is escaped. */
    static ObjectNode authBody(CloudConfig config) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode auth = body.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", config.username());
        user.putObject("domain").put("name", config.userDomainName());
        user.put("password", config.password());
        ObjectNode project = auth.putObject("scope").putObject("project");
        project.put("name", config.projectName());
        project.putObject("domain").put("name", config.projectDomainName());
        return body;
    }

    /** The token, for callers that hand it to another tool. */
    public String token() {
        return token;
    }

    public CloudConfig config() {
        return config;
    }

    /** The versioned base URL of a service, e.g. {@code http://…/image/v2}. */
    public URI endpoint(ServiceType service) {
        return catalog.endpoint(service);
    }

    /** GET; the parsed JSON body. */
    public JsonNode get(ServiceType service, String path) {
        return call(service, path, "GET", HttpRequest.BodyPublishers.noBody(), null);
    }

    /** GET that answers empty on 404 (name lookups, waiting for a deletion). */
    public Optional<JsonNode> find(ServiceType service, String path) {
        try {
            return Optional.of(get(service, path));
        } catch (ClientException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** POST a JSON body; the parsed response body, {@link MissingNode} when it is empty. */
    public JsonNode post(ServiceType service, String path, JsonNode body) {
        return call(service, path, "POST", HttpRequest.BodyPublishers.ofString(body.toString()), "application/json");
    }

    /**
     * POST a JSON body to the compute API at a chosen microversion (e.g. {@code "2.6"} for
     * {@code remote-consoles}); sent as both the current and the legacy microversion header, as novaclient does.
     */
    public JsonNode postAtComputeMicroversion(String path, JsonNode body, String microversion) {
        HttpRequest request = authorized(url(ServiceType.COMPUTE, path), config.timeout())
                .header("Content-Type", "application/json")
                .header("OpenStack-API-Version", "compute " + microversion)
                .header("X-OpenStack-Nova-API-Version", microversion)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return parse(checked(send(http, request, config.timeout())));
    }

    /** A websocket-capable client with the configured connect timeout (consoles). */
    public HttpClient httpClient() {
        return http;
    }

    /** PUT a JSON body. */
    public JsonNode put(ServiceType service, String path, JsonNode body) {
        return call(service, path, "PUT", HttpRequest.BodyPublishers.ofString(body.toString()), "application/json");
    }

    /** DELETE. */
    public void delete(ServiceType service, String path) {
        call(service, path, "DELETE", HttpRequest.BodyPublishers.noBody(), null);
    }

    /**
     * PUTs a file as {@code application/octet-stream}, streamed (never held in memory), with a known
     * length, telling {@code listener} as it goes.
     */
    public void upload(ServiceType service, String path, Path file, UploadListener listener) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ClientException("cannot read " + file + ": " + e.getMessage(), e);
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> open(file, size, listener)), size);
        Duration timeout = config.timeout().plusSeconds(size / MIN_UPLOAD_BYTES_PER_SECOND);
        HttpRequest request = authorized(url(service, path), timeout)
                .header("Content-Type", "application/octet-stream")
                .method("PUT", publisher).build();
        checked(send(http, request, timeout));
    }

    private static InputStream open(Path file, long size, UploadListener listener) {
        try {
            return new CountingInputStream(Files.newInputStream(file), size, listener);
        } catch (IOException e) {
            throw new ClientException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private JsonNode call(ServiceType service, String path, String method, HttpRequest.BodyPublisher body,
            String contentType) {
        HttpRequest.Builder request = authorized(url(service, path), config.timeout()).method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return parse(checked(send(http, request.build(), config.timeout())));
    }

    private URI url(ServiceType service, String path) {
        return URI.create(endpoint(service) + (path.startsWith("/") ? path : "/" + path));
    }

    private HttpRequest.Builder authorized(URI url, Duration timeout) {
        return HttpRequest.newBuilder(url).timeout(timeout)
                .header("X-Auth-Token", token)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    private static HttpResponse<String> checked(HttpResponse<String> response) {
        if (response.statusCode() >= 400) {
            throw failure("", response);
        }
        return response;
    }

    private static ClientException failure(String prefix, HttpResponse<String> response) {
        Optional<String> requestId = requestId(response);
        return new ClientException(prefix + ErrorMessages.describe(response.statusCode(), response.body(), requestId),
                response.statusCode(), requestId.orElse(null), null);
    }

    private static Optional<String> requestId(HttpResponse<?> response) {
        return response.headers().firstValue("x-openstack-request-id")
                .or(() -> response.headers().firstValue("x-compute-request-id"));
    }

    private static JsonNode parse(HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ClientException(response.request().method() + " " + response.uri()
                    + " answered HTTP " + response.statusCode() + " with a body that is not JSON", e);
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request, Duration timeout) {
        String target = request.method() + " " + request.uri();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new ClientException("cannot reach " + origin(request.uri()) + ": no connection within "
                    + timeout.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new ClientException(target + " got no answer within " + timeout.toSeconds()
                    + " s (raise --timeout)", e);
        } catch (ConnectException e) {
            throw new ClientException("cannot reach " + origin(request.uri()) + ": connection refused"
                    + " (is the controller running?)", e);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof ClientException clientFailure ? clientFailure : e;
            if (cause instanceof ClientException clientFailure) {
                throw clientFailure;
            }
            throw new ClientException(target + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(target + " interrupted", e);
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
