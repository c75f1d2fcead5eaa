package org.kvmstack.cloud.compute;

import java.time.Instant;
import java.util.UUID;

/**
 * Filters and paging of {@code GET /servers}: all null/false means the caller's project, newest first.
 *
 * @param allTenants  admin only: every project
 * @param nameRegex   Nova matches the name as a regular expression (search, not full match)
 * @param changesSince servers changed at or after this instant, deleted ones included
 * @param limit       at most this many; null for no limit
 * @param marker      the last server of the previous page
 */
public record ServerQuery(boolean allTenants, String nameRegex, String status, String imageId, String flavorId,
                          Instant changesSince, Integer limit, UUID marker) {
    public static ServerQuery none() {
        return new ServerQuery(false, null, null, null, null, null, null, null);
    }
}
