package org.kvmstack.api.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.kvmstack.api.Access;
import org.kvmstack.api.AuthFilter;
import org.kvmstack.api.PublicUrls;
import org.kvmstack.api.RouteModule;
import org.kvmstack.api.Routes;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Forbidden;
import org.kvmstack.cloud.identity.AuthContext;
import org.kvmstack.cloud.identity.IdentityService;
import org.kvmstack.cloud.identity.IssuedToken;
import org.kvmstack.cloud.identity.Role;
import org.kvmstack.cloud.identity.ServiceCatalog;

/** Keystone v3 token routes under {@code /identity/v3}: issue, validate, revoke, catalog, projects. */
public final class IdentityRoutes implements RouteModule {
    static final String SUBJECT_TOKEN = "X-Subject-Token";
    private static final String V3 = "/identity/v3";

    private final IdentityService identity;
    private final String region;
    private final ObjectMapper json;

    public IdentityRoutes(IdentityService identity, String region, ObjectMapper json) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.region = Objects.requireNonNull(region, "region");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public void register(Routes routes) {
        routes.post(V3 + "/auth/tokens", Access.PUBLIC, this::issue)
                .get(V3 + "/auth/tokens", Access.AUTHENTICATED, this::validate)
                .head(V3 + "/auth/tokens", Access.AUTHENTICATED, this::check)
                .delete(V3 + "/auth/tokens", Access.AUTHENTICATED, this::revoke)
                .get(V3 + "/auth/catalog", Access.AUTHENTICATED, this::showCatalog)
                .get(V3 + "/auth/projects", Access.AUTHENTICATED, this::projects);
    }

    private void issue(Context ctx) throws Exception {
        JsonNode body = json.readTree(ctx.body());
        if (body == null || !body.isObject()) {
            throw new BadRequest("The request body must be a JSON object.");
        }
        IssuedToken token = identity.authenticate(AuthRequestParser.parse(body));
        ctx.status(201).header(SUBJECT_TOKEN, token.value())
                .json(TokenViews.token(token.context(), catalogFor(ctx), ctx.queryParam("nocatalog") == null));
    }

    private void validate(Context ctx) {
        AuthContext subject = identity.validateSubject(subjectToken(ctx));
        ctx.header(SUBJECT_TOKEN, subjectToken(ctx))
                .json(TokenViews.token(subject, catalogFor(ctx), ctx.queryParam("nocatalog") == null));
    }

    private void check(Context ctx) {
        identity.validateSubject(subjectToken(ctx));
        ctx.status(200);
    }

    private void revoke(Context ctx) {
        AuthContext caller = AuthFilter.principal(ctx);
        String subject = subjectToken(ctx);
        AuthContext target = identity.validateSubject(subject);
        // Anyone may revoke their own tokens; revoking someone else's needs admin.
        if (!target.user().id().equals(caller.user().id()) && !caller.hasRole(Role.ADMIN)) {
            throw new Forbidden("Revoking another user's token needs the admin role.");
        }
        identity.revoke(subject);
        ctx.status(204);
    }

    private void showCatalog(Context ctx) {
        if (AuthFilter.principal(ctx).project().isEmpty()) {
            throw new Forbidden("The service catalog needs a project-scoped token.");
        }
        ctx.json(Map.of("catalog", TokenViews.catalog(catalogFor(ctx)),
                "links", Map.of("self", PublicUrls.baseUrl(ctx) + V3 + "/auth/catalog")));
    }

    private void projects(Context ctx) {
        URI base = URI.create(PublicUrls.baseUrl(ctx));
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", base + V3 + "/auth/projects");
        links.put("previous", null);
        links.put("next", null);
        ctx.json(Map.of("projects", identity.projectsOf(AuthFilter.principal(ctx).user().id()).stream()
                .map(p -> TokenViews.project(p, base)).toList(), "links", links));
    }

    private ServiceCatalog catalogFor(Context ctx) {
        return new ServiceCatalog(URI.create(PublicUrls.baseUrl(ctx)), region);
    }

    private static String subjectToken(Context ctx) {
        String subject = ctx.header(SUBJECT_TOKEN);
        if (subject == null || subject.isBlank()) {
            throw new BadRequest("The X-Subject-Token header is required.");
        }
        return subject;
    }
}
