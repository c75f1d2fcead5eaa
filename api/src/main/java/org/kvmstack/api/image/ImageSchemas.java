package org.kvmstack.api.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kvmstack.cloud.image.ImageService;

/**
 * The JSON schemas Glance publishes at {@code /v2/schemas/image(s)}. python-glanceclient builds its models and
 * patches from them, so they describe exactly the fields {@link ImageViews} writes; extra properties are strings.
 */
final class ImageSchemas {
    private ImageSchemas() {}

    static Map<String, Object> image() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", prop("string", "An identifier for the image", Map.of(
                "pattern", "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$")));
        p.put("name", prop(List.of("null", "string"), "Descriptive name for the image", Map.of("maxLength", 255)));
        p.put("status", prop("string", "Status of the image", Map.of("readOnly", true,
                "enum", List.of("queued", "saving", "active", "killed", "deleted"))));
        p.put("visibility", prop("string", "Scope of image accessibility",
                Map.of("enum", List.of("community", "public", "private", "shared"))));
        p.put("protected", prop("boolean", "If true, image will not be deletable.", Map.of()));
        p.put("os_hidden", prop("boolean", "If true, image will not appear in default image list response.",
                Map.of()));
        p.put("checksum", prop(List.of("null", "string"), "md5 hash of image contents.",
                Map.of("readOnly", true, "maxLength", 32)));
        p.put("os_hash_algo", prop(List.of("null", "string"), "Algorithm to calculate the os_hash_value",
                Map.of("readOnly", true, "maxLength", 64)));
        p.put("os_hash_value", prop(List.of("null", "string"), "Hexdigest of the image contents",
                Map.of("readOnly", true, "maxLength", 128)));
        p.put("owner", prop(List.of("null", "string"), "Owner of the image", Map.of("maxLength", 255)));
        p.put("size", prop(List.of("null", "integer"), "Size of image file in bytes", Map.of("readOnly", true)));
        p.put("virtual_size", prop(List.of("null", "integer"), "Virtual size of image in bytes",
                Map.of("readOnly", true)));
        p.put("container_format", prop(List.of("null", "string"), "Format of the container",
                Map.of("enum", nullAnd(ImageService.CONTAINER_FORMATS))));
        p.put("disk_format", prop(List.of("null", "string"), "Format of the disk",
                Map.of("enum", nullAnd(ImageService.DISK_FORMATS))));
        p.put("created_at", prop("string", "Date and time of image registration", Map.of("readOnly", true)));
        p.put("updated_at", prop("string", "Date and time of the last image modification", Map.of("readOnly", true)));
        p.put("tags", Map.of("type", "array", "description", "List of strings related to the image",
                "items", Map.of("type", "string", "maxLength", 255)));
        p.put("min_ram", prop("integer", "Amount of ram (in MB) required to boot image.", Map.of()));
        p.put("min_disk", prop("integer", "Amount of disk space (in GB) required to boot image.", Map.of()));
        p.put("self", prop("string", "An image self url", Map.of("readOnly", true)));
        p.put("file", prop("string", "An image file url", Map.of("readOnly", true)));
        p.put("schema", prop("string", "An image schema url", Map.of("readOnly", true)));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", "image");
        schema.put("properties", p);
        schema.put("additionalProperties", Map.of("type", "string"));
        schema.put("links", List.of(Map.of("rel", "self", "href", "{self}"),
                Map.of("rel", "enclosure", "href", "{file}"), Map.of("rel", "describedby", "href", "{schema}")));
        return schema;
    }

    static Map<String, Object> images() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("images", Map.of("type", "array", "items", image()));
        properties.put("schema", Map.of("type", "string"));
        properties.put("first", Map.of("type", "string"));
        properties.put("next", Map.of("type", "string"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("name", "images");
        schema.put("properties", properties);
        schema.put("links", List.of(Map.of("rel", "first", "href", "{first}"),
                Map.of("rel", "next", "href", "{next}"), Map.of("rel", "describedby", "href", "{schema}")));
        return schema;
    }

    private static Map<String, Object> prop(Object type, String description, Map<String, Object> more) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type);
        p.put("description", description);
        p.putAll(more);
        return p;
    }

    private static List<Object> nullAnd(java.util.Set<String> values) {
        List<Object> all = new java.util.ArrayList<>();
        all.add(null);
        all.addAll(new TreeSet<>(values));
        return all;
    }
}
