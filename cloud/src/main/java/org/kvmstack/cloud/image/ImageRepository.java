package org.kvmstack.cloud.image;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Images, their tags and extra properties in the store. Each method is one transaction; status changes are
 * compare-and-set, so two requests racing on one image cannot both win.
 */
final class ImageRepository {
    /** Sortable Glance attributes and the SQL expression each sorts by (nullable columns coalesced for keysets). */
    static final Map<String, String> SORT_COLUMNS = Map.ofEntries(
            Map.entry("name", "COALESCE(i.name, '')"),
            Map.entry("status", "i.status"),
            Map.entry("container_format", "COALESCE(i.container_format, '')"),
            Map.entry("disk_format", "COALESCE(i.disk_format, '')"),
            Map.entry("size", "COALESCE(i.size, -1)"),
            Map.entry("virtual_size", "COALESCE(i.virtual_size, -1)"),
            Map.entry("id", "i.id"),
            Map.entry("created_at", "i.created_at"),
            Map.entry("updated_at", "i.updated_at"),
            Map.entry("visibility", "i.visibility"),
            Map.entry("min_disk", "i.min_disk"),
            Map.entry("min_ram", "i.min_ram"),
            Map.entry("owner", "COALESCE(i.owner, '')"));

    private static final String COLUMNS = "i.id, i.name, i.disk_format, i.container_format, i.status, i.visibility,"
            + " i.protected, i.owner, i.min_disk, i.min_ram, i.size, i.virtual_size, i.checksum, i.os_hash_algo,"
            + " i.os_hash_value, i.sha256, i.created_at, i.updated_at";

    private final Jdbi jdbi;

    ImageRepository(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    void insert(ImageRecord image) {
        jdbi.useTransaction(h -> {
            h.createUpdate("INSERT INTO images (id, name, disk_format, container_format, status, visibility, protected,"
                            + " owner, min_disk, min_ram, created_at, updated_at) VALUES (:id, :name, :diskFormat,"
                            + " :containerFormat, :status, :visibility, :protected, :owner, :minDisk, :minRam,"
                            + " :createdAt, :updatedAt)")
                    .bind("id", image.id())
                    .bind("name", image.name().orElse(null))
                    .bind("diskFormat", image.diskFormat().orElse(null))
                    .bind("containerFormat", image.containerFormat().orElse(null))
                    .bind("status", image.status().name())
                    .bind("visibility", image.visibility().name())
                    .bind("protected", image.isProtected())
                    .bind("owner", image.owner().orElse(null))
                    .bind("minDisk", image.minDisk())
                    .bind("minRam", image.minRam())
                    .bind("createdAt", image.createdAt().toEpochMilli())
                    .bind("updatedAt", image.updatedAt().toEpochMilli())
                    .execute();
            writeTagsAndProperties(h, image);
        });
    }

    boolean exists(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM images WHERE id = :id").bind("id", id)
                .mapTo(Integer.class).one() > 0);
    }

    Optional<ImageRecord> find(String id) {
        return jdbi.inTransaction(h -> find(h, id));
    }

    /** Writes the user-editable fields, tags and properties of {@code image} (not status, sizes or hashes). */
    void updateAttributes(ImageRecord image) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE images SET name = :name, visibility = :visibility, protected = :protected,"
                            + " min_disk = :minDisk, min_ram = :minRam, updated_at = :updatedAt WHERE id = :id")
                    .bind("id", image.id())
                    .bind("name", image.name().orElse(null))
                    .bind("visibility", image.visibility().name())
                    .bind("protected", image.isProtected())
                    .bind("minDisk", image.minDisk())
                    .bind("minRam", image.minRam())
                    .bind("updatedAt", image.updatedAt().toEpochMilli())
                    .execute();
            h.createUpdate("DELETE FROM image_tags WHERE image_id = :id").bind("id", image.id()).execute();
            h.createUpdate("DELETE FROM image_properties WHERE image_id = :id").bind("id", image.id()).execute();
            writeTagsAndProperties(h, image);
        });
    }

    void addTag(String id, String tag, Instant now) {
        jdbi.useTransaction(h -> {
            int present = h.createQuery("SELECT COUNT(*) FROM image_tags WHERE image_id = :id AND tag = :tag")
                    .bind("id", id).bind("tag", tag).mapTo(Integer.class).one();
            if (present == 0) {
                h.createUpdate("INSERT INTO image_tags (image_id, tag) VALUES (:id, :tag)")
                        .bind("id", id).bind("tag", tag).execute();
            }
            touch(h, id, now);
        });
    }

    boolean removeTag(String id, String tag, Instant now) {
        return jdbi.inTransaction(h -> {
            int removed = h.createUpdate("DELETE FROM image_tags WHERE image_id = :id AND tag = :tag")
                    .bind("id", id).bind("tag", tag).execute();
            touch(h, id, now);
            return removed > 0;
        });
    }

    /** Moves the image from {@code from} to {@code to}; false when it was not in {@code from}. */
    boolean changeStatus(String id, ImageStatus from, ImageStatus to, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE images SET status = :to, updated_at = :now"
                        + " WHERE id = :id AND status = :from")
                .bind("id", id).bind("from", from.name()).bind("to", to.name()).bind("now", now.toEpochMilli())
                .execute() == 1);
    }

    /** Records the verified bytes and makes a {@code saving} image active, in one statement. */
    boolean activate(String id, StoredBytes bytes, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE images SET status = :active, size = :size,"
                        + " virtual_size = :virtualSize, checksum = :md5, os_hash_algo = 'sha512',"
                        + " os_hash_value = :sha512, sha256 = :sha256, updated_at = :now"
                        + " WHERE id = :id AND status = :saving")
                .bind("id", id)
                .bind("active", ImageStatus.ACTIVE.name())
                .bind("saving", ImageStatus.SAVING.name())
                .bind("size", bytes.size())
                .bind("virtualSize", bytes.virtualSize())
                .bind("md5", bytes.md5())
                .bind("sha512", bytes.sha512())
                .bind("sha256", bytes.sha256())
                .bind("now", now.toEpochMilli())
                .execute() == 1);
    }

    /** The content checksums (sha256) of every image in the store, whatever its status. */
    java.util.Set<String> checksums() {
        return jdbi.withHandle(h -> new java.util.HashSet<>(h.createQuery(
                "SELECT DISTINCT sha256 FROM images WHERE sha256 IS NOT NULL").mapTo(String.class).list()));
    }

    boolean delete(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM images WHERE id = :id").bind("id", id).execute() == 1);
    }

    List<String> idsWithStatus(ImageStatus status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM images WHERE status = :status")
                .bind("status", status.name()).mapTo(String.class).list());
    }

    /** Ids of images whose bytes are stored (active). */
    List<String> activeIds() {
        return idsWithStatus(ImageStatus.ACTIVE);
    }

    /** One page of the images {@code caller} may see that match {@code query}. */
    ImagePage list(ImageQuery query, ImageCaller caller) {
        return jdbi.inTransaction(h -> {
            StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            Map<String, Object> params = new HashMap<>();
            scope(query, caller, where, params);
            filters(query, where, params);
            if (query.marker().isPresent()) {
                keyset(h, query, where, params);
            }
            StringBuilder order = new StringBuilder(" ORDER BY ");
            for (ImageQuery.SortKey key : query.sort()) {
                order.append(SORT_COLUMNS.get(key.key())).append(key.ascending() ? " ASC, " : " DESC, ");
            }
            // The id breaks ties in the direction of the last key, matching the keyset condition.
            boolean lastAscending = query.sort().get(query.sort().size() - 1).ascending();
            order.append("i.id").append(lastAscending ? " ASC" : " DESC");
            List<String> ids = h.createQuery("SELECT i.id FROM images i" + where + order + " LIMIT :limitPlusOne")
                    .bindMap(params).bind("limitPlusOne", query.limit() + 1)
                    .mapTo(String.class).list();
            boolean more = ids.size() > query.limit();
            List<String> page = more ? ids.subList(0, query.limit()) : ids;
            List<ImageRecord> images = new ArrayList<>();
            for (String id : page) {
                find(h, id).ifPresent(images::add);
            }
            Optional<String> next = more && !page.isEmpty() ? Optional.of(page.get(page.size() - 1)) : Optional.empty();
            return new ImagePage(images, next);
        });
    }

    private static void scope(ImageQuery query, ImageCaller caller, StringBuilder where, Map<String, Object> params) {
        if (caller.admin()) {
            return;
        }
        params.put("caller", caller.projectId().orElse(""));
        // Glance: community images are listed only when asked for; shared images need membership (owner only here).
        boolean communityAsked = query.visibility().filter(v -> v == Visibility.COMMUNITY).isPresent();
        where.append(" AND (i.owner = :caller OR i.visibility = 'PUBLIC'")
                .append(communityAsked ? " OR i.visibility = 'COMMUNITY'" : "").append(")");
    }

    private static void filters(ImageQuery query, StringBuilder where, Map<String, Object> params) {
        query.name().ifPresent(v -> {
            where.append(" AND i.name = :name");
            params.put("name", v);
        });
        query.status().ifPresent(v -> {
            where.append(" AND i.status = :status");
            params.put("status", v.name());
        });
        query.visibility().ifPresent(v -> {
            where.append(" AND i.visibility = :visibility");
            params.put("visibility", v.name());
        });
        query.diskFormat().ifPresent(v -> {
            where.append(" AND i.disk_format = :diskFormat");
            params.put("diskFormat", v);
        });
        query.owner().ifPresent(v -> {
            where.append(" AND i.owner = :owner");
            params.put("owner", v);
        });
        for (int n = 0; n < query.tags().size(); n++) {
            where.append(" AND EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = i.id AND t.tag = :tag").append(n)
                    .append(")");
            params.put("tag" + n, query.tags().get(n));
        }
        int n = 0;
        for (Map.Entry<String, String> p : new java.util.TreeMap<>(query.properties()).entrySet()) {
            where.append(" AND EXISTS (SELECT 1 FROM image_properties p WHERE p.image_id = i.id AND p.name = :pn")
                    .append(n).append(" AND p.value = :pv").append(n).append(")");
            params.put("pn" + n, p.getKey());
            params.put("pv" + n, p.getValue());
            n++;
        }
    }

    /**
     * Restricts to rows after the marker in the sort order: (k1 > v1) OR (k1 = v1 AND k2 > v2) OR … with the id
     * as the last key, so pages neither repeat nor skip images when sort values tie.
     */
    private static void keyset(Handle h, ImageQuery query, StringBuilder where, Map<String, Object> params) {
        List<String> exprs = new ArrayList<>();
        List<Boolean> ascending = new ArrayList<>();
        for (ImageQuery.SortKey key : query.sort()) {
            exprs.add(SORT_COLUMNS.get(key.key()));
            ascending.add(key.ascending());
        }
        exprs.add("i.id");
        ascending.add(ascending.get(ascending.size() - 1));
        StringBuilder select = new StringBuilder("SELECT ");
        for (int n = 0; n < exprs.size(); n++) {
            select.append(n == 0 ? "" : ", ").append(exprs.get(n)).append(" AS k").append(n);
        }
        select.append(" FROM images i WHERE i.id = :markerId");
        Optional<Map<String, Object>> values = h.createQuery(select.toString())
                .bind("markerId", query.marker().get())
                .map((rs, ctx) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int n = 0; n < exprs.size(); n++) {
                        row.put("k" + n, rs.getObject(n + 1));
                    }
                    return row;
                }).findOne();
        if (values.isEmpty()) {
            throw new MarkerNotFound();
        }
        StringBuilder or = new StringBuilder(" AND (");
        for (int n = 0; n < exprs.size(); n++) {
            or.append(n == 0 ? "(" : " OR (");
            for (int m = 0; m < n; m++) {
                or.append(exprs.get(m)).append(" = :mk").append(m).append(" AND ");
            }
            or.append(exprs.get(n)).append(ascending.get(n) ? " > " : " < ").append(":mk").append(n).append(")");
        }
        or.append(")");
        where.append(or);
        for (int n = 0; n < exprs.size(); n++) {
            params.put("mk" + n, values.get().get("k" + n));
        }
    }

    /** The marker names no image (or one the caller cannot see); the service turns this into a 400. */
    static final class MarkerNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MarkerNotFound() {
            super("marker not found", null, false, false);
        }
    }

    private static Optional<ImageRecord> find(Handle h, String id) {
        Optional<ImageRecord> bare = h.createQuery("SELECT " + COLUMNS + " FROM images i WHERE i.id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne();
        if (bare.isEmpty()) {
            return bare;
        }
        List<String> tags = h.createQuery("SELECT tag FROM image_tags WHERE image_id = :id ORDER BY tag")
                .bind("id", id).mapTo(String.class).list();
        TreeMap<String, String> properties = new TreeMap<>();
        h.createQuery("SELECT name, value FROM image_properties WHERE image_id = :id").bind("id", id)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> properties.put(e.getKey(), e.getValue()));
        ImageRecord b = bare.get();
        return Optional.of(new ImageRecord(b.id(), b.name(), b.diskFormat(), b.containerFormat(), b.status(),
                b.visibility(), b.isProtected(), b.owner(), b.minDisk(), b.minRam(), b.size(), b.virtualSize(),
                b.checksum(), b.osHashAlgo(), b.osHashValue(), b.sha256(), tags, properties, b.createdAt(),
                b.updatedAt()));
    }

    private static ImageRecord row(ResultSet rs) throws SQLException {
        return new ImageRecord(
                rs.getString("id"),
                Optional.ofNullable(rs.getString("name")),
                Optional.ofNullable(rs.getString("disk_format")),
                Optional.ofNullable(rs.getString("container_format")),
                ImageStatus.valueOf(rs.getString("status")),
                Visibility.valueOf(rs.getString("visibility")),
                rs.getBoolean("protected"),
                Optional.ofNullable(rs.getString("owner")),
                rs.getInt("min_disk"),
                rs.getInt("min_ram"),
                optionalLong(rs, "size"),
                optionalLong(rs, "virtual_size"),
                Optional.ofNullable(rs.getString("checksum")),
                Optional.ofNullable(rs.getString("os_hash_algo")),
                Optional.ofNullable(rs.getString("os_hash_value")),
                Optional.ofNullable(rs.getString("sha256")),
                List.of(),
                new TreeMap<>(),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static void touch(Handle h, String id, Instant now) {
        h.createUpdate("UPDATE images SET updated_at = :now WHERE id = :id").bind("id", id)
                .bind("now", now.toEpochMilli()).execute();
    }

    private static void writeTagsAndProperties(Handle h, ImageRecord image) {
        for (String tag : image.tags()) {
            h.createUpdate("INSERT INTO image_tags (image_id, tag) VALUES (:id, :tag)")
                    .bind("id", image.id()).bind("tag", tag).execute();
        }
        for (Map.Entry<String, String> p : image.properties().entrySet()) {
            h.createUpdate("INSERT INTO image_properties (image_id, name, value) VALUES (:id, :name, :value)")
                    .bind("id", image.id()).bind("name", p.getKey()).bind("value", p.getValue()).execute();
        }
    }
}
