package org.kvmstack.cloud.image;

import java.util.List;
import java.util.Optional;

/**
 * Filters, order and page of an image listing. All filters must match.
 *
 * @param tags         images carrying every one of these tags
 * @param properties   images whose extra properties have these exact values
 * @param memberStatus accepted for client compatibility; image members are not implemented, so it only validates
 * @param sort         sort keys in priority order; the image id always breaks ties
 * @param limit        page size (bounded by the service)
 * @param marker       the id of the last image of the previous page
 */
public record ImageQuery(
        Optional<String> name,
        Optional<ImageStatus> status,
        Optional<Visibility> visibility,
        Optional<String> diskFormat,
        Optional<String> owner,
        List<String> tags,
        java.util.Map<String, String> properties,
        Optional<String> memberStatus,
        List<SortKey> sort,
        int limit,
        Optional<String> marker) {

    /** Glance's default and largest page sizes. */
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 1000;

    public ImageQuery {
        tags = List.copyOf(tags);
        properties = java.util.Map.copyOf(properties);
        sort = sort.isEmpty() ? List.of(new SortKey("created_at", false)) : List.copyOf(sort);
    }

    /** Everything visible, newest first, first page. */
    public static ImageQuery all() {
        return new ImageQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), java.util.Map.of(), Optional.empty(), List.of(), DEFAULT_LIMIT, Optional.empty());
    }

    /** One sort key: a Glance attribute name and direction. */
    public record SortKey(String key, boolean ascending) {}
}
