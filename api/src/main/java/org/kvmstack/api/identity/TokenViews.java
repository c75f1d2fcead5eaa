package org.kvmstack.api.identity;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmstack.cloud.identity.AuthContext;
import org.kvmstack.cloud.identity.Domain;
import org.kvmstack.cloud.identity.Project;
import org.kvmstack.cloud.identity.ServiceCatalog;

/** Keystone v3 JSON shapes of tokens, catalogs and projects. */
final class TokenViews {
    // Keystone prints microseconds and a literal Z.
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private TokenViews() {}

    static Map<String, Object> token(AuthContext context, ServiceCatalog catalog, boolean withCatalog) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("methods", context.methods());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", context.user().id());
        user.put("name", context.user().name());
        user.put("domain", domain(context.userDomain()));
        user.put("password_expires_at", null); // kvmstack passwords do not expire
        token.put("user", user);
        token.put("audit_ids", List.of(context.auditId()));
        token.put("issued_at", time(context.issuedAt()));
        token.put("expires_at", time(context.expiresAt()));
        context.project().ifPresent(p -> {
            token.put("project", Map.of("id", p.project().id(), "name", p.project().name(), "domain", domain(p.domain())));
            token.put("is_domain", false);
            token.put("roles", context.roles().stream().map(r -> Map.of("id", r.id(), "name", r.name())).toList());
            if (withCatalog) {
                token.put("catalog", catalog(catalog));
            }
        });
        return Map.of("token", token);
    }

    static List<Map<String, Object>> catalog(ServiceCatalog catalog) {
        return catalog.services().stream().map(s -> {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("id", s.id());
            service.put("type", s.type());
            service.put("name", s.name());
            service.put("endpoints", s.endpoints().stream().map(e -> {
                Map<String, Object> endpoint = new LinkedHashMap<>();
                endpoint.put("id", e.id());
                endpoint.put("interface", e.interfaceName());
                endpoint.put("region", e.region());
                endpoint.put("region_id", e.region());
                endpoint.put("url", e.url());
                return endpoint;
            }).toList());
            return service;
        }).toList();
    }

    static Map<String, Object> project(Project project, URI base) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", project.id());
        view.put("name", project.name());
        view.put("domain_id", project.domainId());
        view.put("description", project.description());
        view.put("enabled", project.enabled());
        view.put("is_domain", false);
        view.put("parent_id", project.domainId());
        view.put("tags", List.of());
        view.put("links", Map.of("self", base + "/identity/v3/projects/" + project.id()));
        return view;
    }

    private static Map<String, Object> domain(Domain domain) {
        return Map.of("id", domain.id(), "name", domain.name());
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
