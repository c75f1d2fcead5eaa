package org.kvmstack.api.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kvmstack.cloud.error.BadRequest;

/** Reading Nova request bodies: one wrapping object, typed fields with Nova's 400 messages. */
final class Json {
    private Json() {}

    static JsonNode body(ObjectMapper json, Context ctx, String wrapper) throws Exception {
        JsonNode body = json.readTree(ctx.body());
        if (body == null || !body.isObject()) {
            throw new BadRequest("The request body must be a JSON object.");
        }
        if (wrapper == null) {
            return body;
        }
        JsonNode inner = body.get(wrapper);
        if (inner == null || !inner.isObject()) {
            throw new BadRequest("Invalid input for field/attribute " + wrapper + ". '" + wrapper + "' is a required property");
        }
        return inner;
    }

    static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRequest("Invalid input for field/attribute " + field + ". '" + field + "' is a required property");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequest("Invalid input for field/attribute " + field + ". Value: " + value + ". is not of type 'string'");
        }
        return value.asText();
    }

    static int integer(JsonNode node, String field, Integer defaultValue) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (defaultValue == null) {
                throw new BadRequest("Invalid input for field/attribute " + field + ". '" + field + "' is a required property");
            }
            return defaultValue;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isTextual()) {
            try {
                return Integer.parseInt(value.asText().trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new BadRequest("Invalid input for field/attribute " + field + ". Value: " + value + ". is not of type 'integer'");
    }

    static Map<String, String> stringMap(JsonNode node, String field) {
        JsonNode value = node.get(field);
        Map<String, String> result = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isObject()) {
            throw new BadRequest("Invalid input for field/attribute " + field + ". Value: " + value + ". is not of type 'object'");
        }
        value.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new BadRequest("Invalid input for field/attribute " + field + "/" + e.getKey()
                        + ". Value: " + e.getValue() + ". is not of type 'string'");
            }
            result.put(e.getKey(), e.getValue().asText());
        });
        return result;
    }
}
