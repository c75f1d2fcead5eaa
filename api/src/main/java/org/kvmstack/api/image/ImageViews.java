package org.kvmstack.api.image;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kvmstack.cloud.image.ImageRecord;

/** Glance v2's JSON shape of an image: its own fields, then each extra property as a top-level key. */
final class ImageViews {
    static final String V2 = "/v2";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private ImageViews() {}

    static Map<String, Object> image(ImageRecord image) {
        Map<String, Object> v = new LinkedHashMap<>();
        // Extra properties first, so Glance's own fields always win a (refused, but defensive) name clash.
        v.putAll(image.properties());
        v.put("id", image.id());
        v.put("name", image.name().orElse(null));
        v.put("status", image.status().apiName());
        v.put("visibility", image.visibility().apiName());
        v.put("protected", image.isProtected());
        v.put("os_hidden", false);
        v.put("tags", image.tags());
        v.put("disk_format", image.diskFormat().orElse(null));
        v.put("container_format", image.containerFormat().orElse(null));
        v.put("min_disk", image.minDisk());
        v.put("min_ram", image.minRam());
        v.put("size", image.size().isPresent() ? image.size().getAsLong() : null);
        v.put("virtual_size", image.virtualSize().isPresent() ? image.virtualSize().getAsLong() : null);
        v.put("checksum", image.checksum().orElse(null));
        v.put("os_hash_algo", image.osHashAlgo().orElse(null));
        v.put("os_hash_value", image.osHashValue().orElse(null));
        v.put("owner", image.owner().orElse(null));
        v.put("created_at", time(image.createdAt()));
        v.put("updated_at", time(image.updatedAt()));
        v.put("self", V2 + "/images/" + image.id());
        v.put("file", V2 + "/images/" + image.id() + "/file");
        v.put("schema", V2 + "/schemas/image");
        return v;
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
