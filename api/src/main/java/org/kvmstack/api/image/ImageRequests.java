package org.kvmstack.api.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Forbidden;
import org.kvmstack.cloud.image.ImageChange;
import org.kvmstack.cloud.image.ImageService;
import org.kvmstack.cloud.image.NewImage;
import org.kvmstack.cloud.image.Visibility;

/** Turns Glance v2 request bodies (create, JSON patch) into typed service commands, or a 400/403 saying why not. */
final class ImageRequests {
    /** Attributes the server sets; a client naming them gets Glance's 403. */
    private static final Set<String> READ_ONLY = Set.of("status", "size", "virtual_size", "checksum",
            "os_hash_algo", "os_hash_value", "owner", "created_at", "updated_at", "self", "file", "schema",
            "locations", "location", "direct_url", "deleted", "deleted_at", "stores");
    /** Set once at creation; a patch may not change them. */
    private static final Set<String> CREATE_ONLY = Set.of("id", "disk_format", "container_format");

    private ImageRequests() {}

    static NewImage create(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequest("The request body must be a JSON object.");
        }
        Optional<String> id = Optional.empty();
        Optional<String> name = Optional.empty();
        Optional<String> diskFormat = Optional.empty();
        Optional<String> containerFormat = Optional.empty();
        Optional<Visibility> visibility = Optional.empty();
        boolean isProtected = false;
        int minDisk = 0;
        int minRam = 0;
        List<String> tags = List.of();
        Map<String, String> properties = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (READ_ONLY.contains(key)) {
                throw new Forbidden("Attribute '" + key + "' is read-only.");
            }
            switch (key) {
                case "id" -> id = Optional.of(string(key, value));
                case "name" -> name = value.isNull() ? Optional.empty() : Optional.of(string(key, value));
                case "disk_format" -> diskFormat = value.isNull() ? Optional.empty() : Optional.of(string(key, value));
                case "container_format" -> containerFormat = value.isNull() ? Optional.empty()
                        : Optional.of(string(key, value));
                case "visibility" -> visibility = Optional.of(visibility(value));
                case "protected" -> isProtected = bool(key, value);
                case "os_hidden" -> requireNotHidden(value);
                case "min_disk" -> minDisk = integer(key, value);
                case "min_ram" -> minRam = integer(key, value);
                case "tags" -> tags = tags(value);
                default -> properties.put(key, string(key, value));
            }
        }
        return new NewImage(id, name, diskFormat, containerFormat, visibility, isProtected, minDisk, minRam, tags,
                properties);
    }

    /** A JSON patch (media type {@code application/openstack-images-v2.1-json-patch}) as typed changes. */
    static List<ImageChange> patch(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw new BadRequest("The request body must be a JSON array of patch operations.");
        }
        List<ImageChange> changes = new ArrayList<>();
        for (JsonNode op : body) {
            if (!op.isObject() || !op.path("op").isTextual() || !op.path("path").isTextual()) {
                throw new BadRequest("Each patch operation needs 'op' and 'path'.");
            }
            String kind = op.get("op").asText();
            String attribute = attribute(op.get("path").asText());
            JsonNode value = op.get("value");
            if (READ_ONLY.contains(attribute) || CREATE_ONLY.contains(attribute)) {
                throw new Forbidden("Attribute '" + attribute + "' is read-only.");
            }
            if (attribute.equals("os_hidden") && !kind.equals("remove") && value != null) {
                requireNotHidden(value); // hidden images are not supported; false is what every image is
                continue;
            }
            switch (kind) {
                case "add", "replace" -> {
                    if (value == null) {
                        throw new BadRequest("Operation '" + kind + "' on " + attribute + " needs a 'value'.");
                    }
                    changes.add(set(attribute, value, kind.equals("replace")));
                }
                case "remove" -> changes.add(remove(attribute));
                default -> throw new BadRequest("Unsupported patch operation '" + kind
                        + "'; use add, replace or remove.");
            }
        }
        return changes;
    }

    private static ImageChange set(String attribute, JsonNode value, boolean replace) {
        return switch (attribute) {
            case "name" -> new ImageChange.SetName(value.isNull() ? null : string(attribute, value));
            case "min_disk" -> new ImageChange.SetMinDisk(integer(attribute, value));
            case "min_ram" -> new ImageChange.SetMinRam(integer(attribute, value));
            case "visibility" -> new ImageChange.SetVisibility(visibility(value));
            case "protected" -> new ImageChange.SetProtected(bool(attribute, value));
            case "tags" -> new ImageChange.SetTags(tags(value));
            default -> new ImageChange.SetProperty(attribute, string(attribute, value), replace);
        };
    }

    private static ImageChange remove(String attribute) {
        if (ImageService.RESERVED.contains(attribute)) {
            throw new Forbidden("Attribute '" + attribute + "' cannot be removed.");
        }
        return new ImageChange.RemoveProperty(attribute);
    }

    /** The attribute a JSON pointer names: one level, with {@code ~1} and {@code ~0} unescaped. */
    private static String attribute(String pointer) {
        if (!pointer.startsWith("/") || pointer.length() < 2 || pointer.indexOf('/', 1) >= 0) {
            throw new BadRequest("Invalid JSON pointer for this resource: '" + pointer + "'.");
        }
        return pointer.substring(1).replace("~1", "/").replace("~0", "~");
    }

    private static Visibility visibility(JsonNode value) {
        return Visibility.fromApiName(value.asText(""))
                .filter(v -> value.isTextual())
                .orElseThrow(() -> new BadRequest("Invalid visibility value: " + value
                        + "; use private, public, shared or community."));
    }

    private static void requireNotHidden(JsonNode value) {
        if (!value.isBoolean()) {
            throw new BadRequest("os_hidden must be a boolean.");
        }
        if (value.asBoolean()) {
            throw new BadRequest("Hidden images (os_hidden=true) are not supported.");
        }
    }

    private static String string(String key, JsonNode value) {
        if (!value.isTextual()) {
            throw new BadRequest("Invalid value for '" + key + "': " + value + " is not a string.");
        }
        return value.asText();
    }

    private static boolean bool(String key, JsonNode value) {
        if (!value.isBoolean()) {
            throw new BadRequest("Invalid value for '" + key + "': " + value + " is not a boolean.");
        }
        return value.asBoolean();
    }

    private static int integer(String key, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new BadRequest("Invalid value for '" + key + "': " + value + " is not an integer.");
        }
        return value.asInt();
    }

    private static List<String> tags(JsonNode value) {
        if (!value.isArray()) {
            throw new BadRequest("Invalid value for 'tags': " + value + " is not an array.");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : value) {
            tags.add(string("tags", tag));
        }
        return tags;
    }
}
