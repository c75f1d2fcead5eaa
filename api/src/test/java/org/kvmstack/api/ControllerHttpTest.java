package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.passwordAuth;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.testing.MutableClock;

/** The real controller over real HTTP: discovery, tokens, errors, request ids, microversion headers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerHttpTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private Controller controller;
    private int port;
    private String base;
    private String password;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        controller = TestControllers.start(dataDir, clock);
        port = controller.port();
        base = "http://127.0.0.1:" + port;
        password = controller.generatedAdminPassword().orElseThrow();
    }

    @AfterAll
    void stop() {
        controller.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(request(port, path).GET());
    }

    private HttpResponse<String> issue(String body) throws Exception {
        return send(request(port, "/identity/v3/auth/tokens").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String scopedToken() throws Exception {
        HttpResponse<String> response = issue(passwordAuth("admin", password, "admin"));
        assertThat(response.statusCode()).isEqualTo(201);
        return response.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    @Test
    void identityDiscoveryHasAbsoluteSelfLinks() throws Exception {
        HttpResponse<String> v3 = get("/identity/v3");
        assertThat(v3.statusCode()).isEqualTo(200);
        assertThat(json(v3).at("/version/id").asText()).startsWith("v3.");
        assertThat(json(v3).at("/version/links/0/href").asText()).isEqualTo(base + "/identity/v3/");

        HttpResponse<String> root = get("/identity");
        assertThat(root.statusCode()).isEqualTo(300);
        assertThat(json(root).at("/versions/values/0/links/0/href").asText()).isEqualTo(base + "/identity/v3/");
    }

    @Test
    void computeImageNetworkVolumeDiscovery() throws Exception {
        JsonNode compute = json(get("/compute"));
        assertThat(compute.at("/versions/0/id").asText()).isEqualTo("v2.1");
        assertThat(compute.at("/versions/0/min_version").asText()).isEqualTo("2.1");
        assertThat(compute.at("/versions/0/version").asText()).isEqualTo(ApiVersions.COMPUTE.max().toString());
        assertThat(compute.at("/versions/0/links/0/href").asText()).isEqualTo(base + "/compute/v2.1/");
        assertThat(json(get("/compute/v2.1/")).at("/version/status").asText()).isEqualTo("CURRENT");

        HttpResponse<String> image = get("/image");
        assertThat(image.statusCode()).isEqualTo(300);
        assertThat(json(get("/image/versions")).at("/versions/0/status").asText()).isEqualTo("CURRENT");
        assertThat(json(image).at("/versions/0/links/0/href").asText()).isEqualTo(base + "/image/v2/");

        assertThat(json(get("/network")).at("/versions/0/links/0/href").asText()).isEqualTo(base + "/network/v2.0/");
        assertThat(get("/volume").statusCode()).isEqualTo(300);
        assertThat(json(get("/volume/v3")).at("/version/min_version").asText()).isEqualTo("3.0");
    }

    @Test
    void everyResponseCarriesARequestId() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        responses.add(get("/identity/v3"));
        responses.add(get("/nowhere"));
        responses.add(issue("{not json"));
        responses.add(get("/compute/v2.1/servers"));
        for (HttpResponse<String> r : responses) {
            assertThat(r.headers().firstValue("x-openstack-request-id")).get().asString().matches("req-[0-9a-f-]{36}");
        }
        HttpResponse<String> compute = responses.get(3);
        assertThat(compute.headers().firstValue("x-compute-request-id"))
                .isEqualTo(compute.headers().firstValue("x-openstack-request-id"));
    }

    @Test
    void microversionsAreNegotiatedAndEchoed() throws Exception {
        HttpResponse<String> latest = send(request(port, "/compute/v2.1").header("OpenStack-API-Version", "compute latest").GET());
        assertThat(latest.headers().firstValue("OpenStack-API-Version")).contains("compute " + ApiVersions.COMPUTE.max());
        assertThat(latest.headers().firstValue("X-OpenStack-Nova-API-Version")).contains(ApiVersions.COMPUTE.max().toString());
        assertThat(latest.headers().firstValue("Vary")).get().asString().contains("OpenStack-API-Version");

        HttpResponse<String> legacy = send(request(port, "/compute/v2.1").header("X-OpenStack-Nova-API-Version", "2.10").GET());
        assertThat(legacy.headers().firstValue("OpenStack-API-Version")).contains("compute 2.10");

        HttpResponse<String> none = get("/compute/v2.1");
        assertThat(none.headers().firstValue("OpenStack-API-Version")).contains("compute 2.1");

        HttpResponse<String> tooNew = send(request(port, "/compute/v2.1/servers").header("OpenStack-API-Version", "compute 2.999").GET());
        assertThat(tooNew.statusCode()).isEqualTo(406);
        assertThat(json(tooNew).at("/computeFault/code").asInt()).isEqualTo(406);

        HttpResponse<String> garbage = send(request(port, "/compute/v2.1").header("OpenStack-API-Version", "compute two").GET());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(json(garbage).at("/badRequest/message").asText()).contains("two");
    }

    @Test
    void issuesAScopedTokenWithAnAbsoluteCatalog() throws Exception {
        HttpResponse<String> response = issue(passwordAuth("admin", password, "admin"));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Subject-Token")).get().asString().hasSizeGreaterThan(30);
        JsonNode token = json(response).get("token");
        assertThat(token.at("/user/name").asText()).isEqualTo("admin");
        assertThat(token.at("/project/name").asText()).isEqualTo("admin");
        assertThat(token.at("/project/domain/id").asText()).isEqualTo("default");
        assertThat(token.get("roles").findValuesAsText("name")).contains("admin", "member", "reader");
        assertThat(token.get("expires_at").asText()).endsWith("Z");
        List<String> types = token.get("catalog").findValuesAsText("type");
        assertThat(types).contains("identity", "compute", "image", "network", "volumev3");
        assertThat(token.get("catalog").findValuesAsText("url")).allSatisfy(url -> assertThat(url).startsWith(base + "/"));
    }

    @Test
    void unscopedTokenHasNoCatalogButListsProjects() throws Exception {
        HttpResponse<String> response = issue(passwordAuth("admin", password, null));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).get("token").has("catalog")).isFalse();
        String token = response.headers().firstValue("X-Subject-Token").orElseThrow();
        HttpResponse<String> projects = send(request(port, "/identity/v3/auth/projects").header("X-Auth-Token", token).GET());
        assertThat(json(projects).at("/projects/0/name").asText()).isEqualTo("admin");
        HttpResponse<String> catalog = send(request(port, "/identity/v3/auth/catalog").header("X-Auth-Token", token).GET());
        assertThat(catalog.statusCode()).isEqualTo(403);
    }

    @Test
    void validatesAndRevokesTokens() throws Exception {
        String caller = scopedToken();
        String subject = scopedToken();
        HttpResponse<String> valid = send(request(port, "/identity/v3/auth/tokens")
                .header("X-Auth-Token", caller).header("X-Subject-Token", subject).GET());
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(json(valid).at("/token/user/name").asText()).isEqualTo("admin");
        assertThat(valid.headers().firstValue("X-Subject-Token")).contains(subject);

        HttpResponse<String> catalog = send(request(port, "/identity/v3/auth/catalog").header("X-Auth-Token", caller).GET());
        assertThat(json(catalog).get("catalog").findValuesAsText("type")).contains("compute");

        HttpResponse<String> revoked = send(request(port, "/identity/v3/auth/tokens")
                .header("X-Auth-Token", caller).header("X-Subject-Token", subject).DELETE());
        assertThat(revoked.statusCode()).isEqualTo(204);
        HttpResponse<String> gone = send(request(port, "/identity/v3/auth/tokens")
                .header("X-Auth-Token", caller).header("X-Subject-Token", subject).GET());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).at("/error/code").asInt()).isEqualTo(404);
        HttpResponse<String> usedRevoked = send(request(port, "/identity/v3/auth/projects").header("X-Auth-Token", subject).GET());
        assertThat(usedRevoked.statusCode()).isEqualTo(401);
    }

    @Test
    void expiredTokensAreRejectedWithoutSleeping() throws Exception {
        String token = scopedToken();
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        try {
            HttpResponse<String> expired = send(request(port, "/identity/v3/auth/projects").header("X-Auth-Token", token).GET());
            assertThat(expired.statusCode()).isEqualTo(401);
        } finally {
            clock.advance(Duration.ofHours(-1).minusSeconds(1));
        }
    }

    @Test
    void authenticationFailuresUseKeystoneBodies() throws Exception {
        HttpResponse<String> wrong = issue(passwordAuth("admin", "wrong-password", "admin"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).at("/error/title").asText()).isEqualTo("Unauthorized");
        assertThat(json(wrong).at("/error/message").asText()).isEqualTo("The request you have made requires authentication.");
        assertThat(wrong.body()).doesNotContain("wrong-password");

        HttpResponse<String> noToken = get("/identity/v3/auth/projects");
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).get().asString().contains(base + "/identity");

        HttpResponse<String> unknownProject = issue(passwordAuth("admin", password, "no-such-project"));
        assertThat(unknownProject.statusCode()).isEqualTo(401);
    }

    @Test
    void badRequestsAndUnknownPathsUseEachServicesErrorFormat() throws Exception {
        HttpResponse<String> malformed = issue("{not json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).at("/error/code").asInt()).isEqualTo(400);

        HttpResponse<String> noMethods = issue("{\"auth\":{\"identity\":{\"methods\":[\"totp\"]}}}");
        assertThat(noMethods.statusCode()).isEqualTo(400);
        assertThat(json(noMethods).at("/error/message").asText()).contains("password");

        HttpResponse<String> compute = get("/compute/v2.1/no-such-thing");
        assertThat(compute.statusCode()).isEqualTo(404);
        assertThat(json(compute).at("/itemNotFound/code").asInt()).isEqualTo(404);

        HttpResponse<String> network = get("/network/v2.0/no-such-thing");
        assertThat(json(network).at("/NeutronError/message").asText()).isNotEmpty();

        HttpResponse<String> image = get("/image/v2/no-such-thing");
        assertThat(image.statusCode()).isEqualTo(404);
        assertThat(image.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        assertThat(image.body()).startsWith("404 Not Found");
    }
}
