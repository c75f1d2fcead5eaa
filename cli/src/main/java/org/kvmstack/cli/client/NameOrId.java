package org.kvmstack.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the one resource a user meant by name or id: the lookup by id first (ids win, as in the
 * openstack CLI), then an exact name match among the candidates. Two resources with the name are
 * an error that asks for the id.
 */
public final class NameOrId {
    private NameOrId() {}

    /**
     * @param kind       what is looked up, for messages ("flavor")
     * @param nameOrId   what the user typed
     * @param byId       the lookup by id: empty when there is none, or a 404 {@link ClientException}
     * @param candidates resources that may carry the name (each with {@code id} and {@code name})
     * @return the resource
     * @throws ClientException {@code flavor m1.huge not found (HTTP 404, req-…)}, or ambiguous
     */
    public static JsonNode resolve(String kind, String nameOrId, Supplier<Optional<JsonNode>> byId,
            Supplier<Iterable<JsonNode>> candidates) {
        ClientException notFoundById = null;
        try {
            Optional<JsonNode> found = byId.get();
            if (found.isPresent()) {
                return found.get();
            }
        } catch (ClientException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            notFoundById = e;
        }
        List<JsonNode> named = new ArrayList<>();
        for (JsonNode candidate : candidates.get()) {
            if (nameOrId.equals(candidate.path("name").asText(null)) || nameOrId.equals(candidate.path("id").asText())) {
                named.add(candidate);
            }
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.size() > 1) {
            throw new ClientException("more than one " + kind + " is named " + nameOrId + "; give its id ("
                    + String.join(", ", named.stream().map(n -> n.path("id").asText()).toList()) + ")");
        }
        String detail = notFoundById == null ? ""
                : " (HTTP 404" + notFoundById.requestId().map(id -> ", " + id).orElse("") + ")";
        throw new ClientException(kind + " " + nameOrId + " not found" + detail, 404,
                notFoundById == null ? null : notFoundById.requestId().orElse(null), notFoundById);
    }
}
