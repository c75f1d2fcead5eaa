package org.kvmstack.cloud.image;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Rows of {@code host_images}: which base image volumes on which host are complete. */
final class HostImageRepository {
    enum State { UPLOADING, COMPLETE }

    record Row(String hostKey, String sha256, String format, String volume, long size, State state) {}

    private final Jdbi jdbi;

    HostImageRepository(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    Optional<Row> find(String hostKey, String sha256, String format) {
        return jdbi.withHandle(h -> h.createQuery("SELECT host_key, sha256, format, volume, size, state FROM host_images"
                        + " WHERE host_key = :host AND sha256 = :sha256 AND format = :format")
                .bind("host", hostKey).bind("sha256", sha256).bind("format", format)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), State.valueOf(rs.getString(6))))
                .findOne());
    }

    /** Records (or resets) an upload in progress: from now on the volume counts as incomplete. */
    void startUpload(Row row, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM host_images WHERE host_key = :host AND sha256 = :sha256 AND format = :format")
                    .bind("host", row.hostKey()).bind("sha256", row.sha256()).bind("format", row.format()).execute();
            h.createUpdate("INSERT INTO host_images (host_key, sha256, format, volume, size, state, updated_at)"
                            + " VALUES (:host, :sha256, :format, :volume, :size, :state, :now)")
                    .bind("host", row.hostKey()).bind("sha256", row.sha256()).bind("format", row.format())
                    .bind("volume", row.volume()).bind("size", row.size()).bind("state", State.UPLOADING.name())
                    .bind("now", now.toEpochMilli()).execute();
        });
    }

    void markComplete(String hostKey, String sha256, String format, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE host_images SET state = :state, updated_at = :now"
                        + " WHERE host_key = :host AND sha256 = :sha256 AND format = :format")
                .bind("host", hostKey).bind("sha256", sha256).bind("format", format)
                .bind("state", State.COMPLETE.name()).bind("now", now.toEpochMilli()).execute());
    }

    void delete(String hostKey, String sha256, String format) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM host_images"
                        + " WHERE host_key = :host AND sha256 = :sha256 AND format = :format")
                .bind("host", hostKey).bind("sha256", sha256).bind("format", format).execute());
    }
}
