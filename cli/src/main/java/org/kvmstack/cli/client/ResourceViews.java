package org.kvmstack.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;

/**
 * How one OpenStack resource is shown to people: its fields sorted by name, nested values as
 * compact JSON. For {@code -o json} the resource is printed as the API returned it: that is the
 * scripting contract, the same as the REST API's.
 */
public final class ResourceViews {
    private ResourceViews() {}

    /** The resource as labelled fields; {@code -o json} prints it unchanged. */
    public static Result show(JsonNode resource) {
        TreeMap<String, String> sorted = new TreeMap<>();
        resource.fields().forEachRemaining(field -> sorted.put(field.getKey(), text(field.getValue())));
        List<View.Field> fields = new ArrayList<>();
        sorted.forEach((label, value) -> fields.add(new View.Field(label, value)));
        return Result.of(resource, new View.Fields(fields));
    }

    /** A field of a resource as text: scalars as they are, null or missing as empty, the rest as JSON. */
    public static String text(JsonNode resource, String field) {
        return text(resource.path(field));
    }

    static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
