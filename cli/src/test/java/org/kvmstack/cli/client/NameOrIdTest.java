package org.kvmstack.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NameOrIdTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode resource(String id, String name) {
        return JSON.createObjectNode().put("id", id).put("name", name);
    }

    private static final List<JsonNode> FLAVORS = List.of(resource("1", "m1.tiny"), resource("2", "m1.small"),
            resource("3", "twin"), resource("4", "twin"));

    @Test
    void idLookupWins() {
        JsonNode byId = resource("2", "m1.small");
        assertThat(NameOrId.resolve("flavor", "2", () -> Optional.of(byId), () -> FLAVORS)).isSameAs(byId);
    }

    @Test
    void nameFoundAfterA404ById() {
        JsonNode found = NameOrId.resolve("flavor", "m1.tiny", () -> {
            throw new ClientException("x", 404, "req-9", null);
        }, () -> FLAVORS);
        assertThat(found.path("id").asText()).isEqualTo("1");
    }

    @Test
    void unknownNameCarriesTheStatusAndRequestIdOfTheLookup() {
        assertThatThrownBy(() -> NameOrId.resolve("flavor", "m1.huge", () -> {
            throw new ClientException("x", 404, "req-9", null);
        }, () -> FLAVORS))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessage("flavor m1.huge not found (HTTP 404, req-9)");
        assertThatThrownBy(() -> NameOrId.resolve("image", "nope", Optional::empty, List::of))
                .hasMessage("image nope not found");
    }

    @Test
    void twoWithTheNameAskForTheId() {
        assertThatThrownBy(() -> NameOrId.resolve("flavor", "twin", Optional::empty, () -> FLAVORS))
                .hasMessage("more than one flavor is named twin; give its id (3, 4)");
    }

    @Test
    void otherFailuresOfTheIdLookupAreNotHidden() {
        assertThatThrownBy(() -> NameOrId.resolve("flavor", "x", () -> {
            throw new ClientException("boom (HTTP 500)", 500, null, null);
        }, () -> FLAVORS)).hasMessage("boom (HTTP 500)");
    }
}
