package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.passwordAuth;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.identity.Domain;
import org.kvmstack.cloud.identity.IdentityBootstrap;
import org.kvmstack.cloud.identity.IdentityService;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.cloud.identity.Projects;
import org.kvmstack.cloud.identity.Role;
import org.kvmstack.cloud.identity.Roles;
import org.kvmstack.cloud.identity.User;
import org.kvmstack.cloud.identity.Users;
import org.kvmstack.cloud.store.Database;

/** The access declared beside each route is enforced: 401 without a valid token, 403 without the role. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessRulesTest {
    private static final String MEMBER_PASSWORD = "member-password";
    private final PasswordHasher hasher = PasswordHasher.bcrypt(4);
    private ApiServer server;
    private Database db;
    private String adminPassword;

    @BeforeAll
    void start(@TempDir Path dir) {
        db = Database.open(DatabaseConfig.sqliteIn(dir));
        adminPassword = new IdentityBootstrap(db.jdbi(), hasher, Clock.systemUTC(), new SecureRandom())
                .run(dir.resolve("admin-password")).generatedAdminPassword().orElseThrow();
        db.jdbi().useTransaction(h -> {
            String projectId = h.attach(Projects.class).byName(Domain.DEFAULT_ID, "admin").orElseThrow().id();
            h.attach(Users.class).insert(new User("member-id", Domain.DEFAULT_ID, "alice", true, null), hasher.hash(MEMBER_PASSWORD), 0);
            Roles roles = h.attach(Roles.class);
            roles.assign("member-id", projectId, roles.byName(Role.MEMBER).orElseThrow().id());
        });
        IdentityService identity = new IdentityService(db.jdbi(), hasher, Clock.systemUTC(), Duration.ofHours(1), new SecureRandom());
        RouteModule probe = routes -> routes
                .get("/compute/v2.1/probe/any", Access.AUTHENTICATED, ctx -> ctx.result(AuthFilter.principal(ctx).user().name()))
                .get("/compute/v2.1/probe/reader", Access.READER, ctx -> ctx.result("reader ok"))
                .get("/compute/v2.1/probe/admin", Access.ADMIN, ctx -> ctx.result("admin ok"));
        ObjectMapper mapper = new ObjectMapper();
        server = ApiServer.start("127.0.0.1", 0, Optional.empty(), identity,
                List.of(new org.kvmstack.api.identity.IdentityRoutes(identity, "RegionOne", mapper), probe), mapper);
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    private String token(String user, String password, String project) throws Exception {
        HttpResponse<String> r = send(request(server.port(), "/identity/v3/auth/tokens")
                .POST(HttpRequest.BodyPublishers.ofString(passwordAuth(user, password, project))));
        assertThat(r.statusCode()).isEqualTo(201);
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder builder = request(server.port(), path).GET();
        if (token != null) {
            builder.header("X-Auth-Token", token);
        }
        return send(builder);
    }

    @Test
    void noTokenOrABadTokenIs401WithKeystoneBody() throws Exception {
        for (String token : new String[] {null, "not-a-token"}) {
            HttpResponse<String> r = get("/compute/v2.1/probe/any", token);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r).at("/error/code").asInt()).isEqualTo(401);
        }
    }

    @Test
    void roleChecksFollowTheImpliedHierarchy() throws Exception {
        String admin = token("admin", adminPassword, "admin");
        String member = token("alice", MEMBER_PASSWORD, "admin");
        assertThat(get("/compute/v2.1/probe/any", member).body()).isEqualTo("alice");
        assertThat(get("/compute/v2.1/probe/reader", member).statusCode()).isEqualTo(200);
        assertThat(get("/compute/v2.1/probe/admin", admin).statusCode()).isEqualTo(200);

        HttpResponse<String> denied = get("/compute/v2.1/probe/admin", member);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).at("/forbidden/message").asText()).contains("admin");
    }

    @Test
    void anUnscopedTokenCannotCallProjectRoutes() throws Exception {
        String unscoped = token("admin", adminPassword, null);
        assertThat(get("/compute/v2.1/probe/any", unscoped).statusCode()).isEqualTo(200);
        assertThat(get("/compute/v2.1/probe/reader", unscoped).statusCode()).isEqualTo(403);
    }

    @Test
    void aMemberMayNotRevokeSomeoneElsesToken() throws Exception {
        String admin = token("admin", adminPassword, "admin");
        String member = token("alice", MEMBER_PASSWORD, "admin");
        HttpResponse<String> r = send(request(server.port(), "/identity/v3/auth/tokens")
                .header("X-Auth-Token", member).header("X-Subject-Token", admin).DELETE());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(get("/compute/v2.1/probe/admin", admin).statusCode()).isEqualTo(200);
    }
}
