package org.kvmstack.cloud.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.Forbidden;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.error.OverLimit;
import org.kvmstack.virt.image.ImageFormat;
import org.kvmstack.virt.image.ImageFormatInspector;
import org.kvmstack.virt.image.ImageSafetyPolicy;
import org.kvmstack.virt.image.UnsafeImageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image service (Glance v2 semantics): image records, their bytes on the controller, and who may see and change
 * them. Bytes are streamed through {@link ImageWriter}, inspected and checked by {@link ImageSafetyPolicy} before an
 * image becomes {@code active}; a refused upload leaves the image {@code queued} with no bytes.
 *
 * <p>Thread-safe: state lives in the store and status changes are compare-and-set, so two uploads to one image
 * cannot both proceed (the second gets a {@link Conflict}).
 */
public final class ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(ImageService.class);
    /** The disk and container formats images may declare (what hosts can boot and the safety policy accepts). */
    public static final Set<String> DISK_FORMATS = Set.of("qcow2", "raw", "iso");
    public static final Set<String> CONTAINER_FORMATS = Set.of("bare");
    /** Glance's own attributes: never stored as extra properties. */
    public static final Set<String> RESERVED = Set.of("id", "name", "status", "visibility", "protected", "tags",
            "disk_format", "container_format", "min_disk", "min_ram", "size", "virtual_size", "checksum",
            "os_hash_algo", "os_hash_value", "owner", "created_at", "updated_at", "self", "file", "schema",
            "locations", "location", "direct_url", "deleted", "deleted_at", "os_hidden", "stores");
    private static final int MAX_TAGS = 128;
    private static final int MAX_TEXT = 255;

    private final ImageRepository images;
    private final ImageFiles files;
    private final ImageSafetyPolicy policy;
    private final ImageFormatInspector inspector;
    private final OptionalLong maxImageSize;
    private final Clock clock;
    private final java.util.List<java.util.function.Consumer<String>> deleteListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param maxImageSize the largest upload accepted in bytes ({@code image.max_size}); empty for no limit
     */
    public ImageService(Jdbi jdbi, ImageFiles files, ImageSafetyPolicy policy, OptionalLong maxImageSize,
                        Clock clock) {
        this.images = new ImageRepository(jdbi);
        this.files = Objects.requireNonNull(files, "files");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.inspector = new ImageFormatInspector();
        this.maxImageSize = Objects.requireNonNull(maxImageSize, "maxImageSize");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Repairs what a previous process left behind: images stuck in {@code saving} (their upload died with it) go
     * back to {@code queued}, and partial files, and files of images that are not active, are removed. Call once
     * at start, before serving requests.
     */
    public RecoveryReport recover() {
        List<String> reset = new ArrayList<>();
        for (String id : images.idsWithStatus(ImageStatus.SAVING)) {
            if (images.changeStatus(id, ImageStatus.SAVING, ImageStatus.QUEUED, now())) {
                reset.add(id);
            }
        }
        try {
            List<String> removed = files.removeAllExcept(new HashSet<>(images.activeIds()));
            if (!reset.isEmpty() || !removed.isEmpty()) {
                LOG.warn("image recovery: {} interrupted uploads reset to queued {}, removed files {}",
                        reset.size(), reset, removed);
            }
            return new RecoveryReport(reset, removed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the image directory: " + e.getMessage(), e);
        }
    }

    /** Creates a {@code queued} image owned by the caller's project. */
    public ImageRecord create(ImageCaller caller, NewImage request) {
        String id = request.id().map(ImageService::checkedId).orElseGet(() -> UUID.randomUUID().toString());
        request.name().ifPresent(n -> checkText("name", n));
        request.diskFormat().ifPresent(ImageService::checkDiskFormat);
        request.containerFormat().ifPresent(ImageService::checkContainerFormat);
        Visibility visibility = request.visibility().orElse(Visibility.SHARED);
        checkVisibilityAllowed(caller, visibility);
        checkNonNegative("min_disk", request.minDisk());
        checkNonNegative("min_ram", request.minRam());
        List<String> tags = checkedTags(request.tags());
        request.properties().forEach(ImageService::checkProperty);
        if (images.exists(id)) {
            throw new Conflict("An image with identifier " + id + " already exists.");
        }
        Instant now = now();
        ImageRecord image = new ImageRecord(id, request.name(), request.diskFormat(), request.containerFormat(),
                ImageStatus.QUEUED, visibility, request.isProtected(), caller.projectId(), request.minDisk(),
                request.minRam(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), tags, new TreeMap<>(request.properties()), now, now);
        images.insert(image);
        return image;
    }

    /** The image, when the caller may see it. */
    public ImageRecord get(ImageCaller caller, String id) {
        return images.find(id).filter(caller::sees)
                .orElseThrow(() -> new NotFound("No image found with ID " + id));
    }

    /** A page of the images the caller may see that match the query. */
    public ImagePage list(ImageCaller caller, ImageQuery query) {
        for (ImageQuery.SortKey key : query.sort()) {
            if (!ImageRepository.SORT_COLUMNS.containsKey(key.key())) {
                throw new BadRequest("Unsupported sort_key: " + key.key());
            }
        }
        if (query.limit() < 0) {
            throw new BadRequest("limit param must be positive");
        }
        query.memberStatus().ifPresent(s -> {
            if (!Set.of("accepted", "pending", "rejected", "all").contains(s)) {
                throw new BadRequest("Invalid status value: " + s);
            }
        });
        ImageQuery bounded = query.limit() > ImageQuery.MAX_LIMIT ? new ImageQuery(query.name(), query.status(),
                query.visibility(), query.diskFormat(), query.owner(), query.tags(), query.properties(),
                query.memberStatus(),
                query.sort(), ImageQuery.MAX_LIMIT, query.marker()) : query;
        if (bounded.marker().isPresent() && images.find(bounded.marker().get()).filter(caller::sees).isEmpty()) {
            throw new BadRequest("marker " + bounded.marker().get() + " could not be found.");
        }
        try {
            return images.list(bounded, caller);
        } catch (ImageRepository.MarkerNotFound e) {
            throw new BadRequest("marker " + bounded.marker().get() + " could not be found.");
        }
    }

    /** Applies the changes in order, all or nothing. */
    public ImageRecord update(ImageCaller caller, String id, List<ImageChange> changes) {
        ImageRecord image = owned(caller, id);
        Optional<String> name = image.name();
        int minDisk = image.minDisk();
        int minRam = image.minRam();
        Visibility visibility = image.visibility();
        boolean isProtected = image.isProtected();
        List<String> tags = image.tags();
        TreeMap<String, String> properties = new TreeMap<>(image.properties());
        for (ImageChange change : changes) {
            if (change instanceof ImageChange.SetName c) {
                name = Optional.ofNullable(c.name()).map(n -> checkText("name", n));
            } else if (change instanceof ImageChange.SetMinDisk c) {
                minDisk = checkNonNegative("min_disk", c.gigabytes());
            } else if (change instanceof ImageChange.SetMinRam c) {
                minRam = checkNonNegative("min_ram", c.megabytes());
            } else if (change instanceof ImageChange.SetVisibility c) {
                checkVisibilityAllowed(caller, c.visibility());
                visibility = c.visibility();
            } else if (change instanceof ImageChange.SetProtected c) {
                isProtected = c.isProtected();
            } else if (change instanceof ImageChange.SetTags c) {
                tags = checkedTags(c.tags());
            } else if (change instanceof ImageChange.SetProperty c) {
                checkProperty(c.name(), c.value());
                if (c.mustExist() && !properties.containsKey(c.name())) {
                    throw new Conflict("Property " + c.name() + " does not exist.");
                }
                properties.put(c.name(), c.value());
            } else if (change instanceof ImageChange.RemoveProperty c) {
                if (RESERVED.contains(c.name())) {
                    throw new Forbidden("Attribute '" + c.name() + "' is read-only.");
                }
                if (properties.remove(c.name()) == null) {
                    throw new Conflict("Property " + c.name() + " does not exist.");
                }
            }
        }
        ImageRecord updated = new ImageRecord(image.id(), name, image.diskFormat(), image.containerFormat(),
                image.status(), visibility, isProtected, image.owner(), minDisk, minRam, image.size(),
                image.virtualSize(), image.checksum(), image.osHashAlgo(), image.osHashValue(), image.sha256(),
                tags, properties, image.createdAt(), now());
        images.updateAttributes(updated);
        return get(caller, id);
    }

    /** Adds a tag (adding one already present is fine). */
    public void addTag(ImageCaller caller, String id, String tag) {
        owned(caller, id);
        checkedTags(List.of(tag));
        if (images.find(id).map(i -> i.tags().size() >= MAX_TAGS && !i.tags().contains(tag)).orElse(false)) {
            throw new OverLimit("Maximum number of tags exceeded (" + MAX_TAGS + ").");
        }
        images.addTag(id, tag, now());
    }

    public void removeTag(ImageCaller caller, String id, String tag) {
        owned(caller, id);
        if (!images.removeTag(id, tag, now())) {
            throw new NotFound("Tag " + tag + " not found on image " + id);
        }
    }

    /**
     * Deletes the image and its bytes.
     *
     * @throws Conflict when the image is protected
     */
    public void delete(ImageCaller caller, String id) {
        ImageRecord image = owned(caller, id);
        if (image.isProtected()) {
            throw new Conflict("Image " + id + " is protected and cannot be deleted.");
        }
        if (!images.delete(id)) {
            throw new NotFound("No image found with ID " + id);
        }
        try {
            files.delete(id);
        } catch (IOException e) {
            // The record is gone, so the next start's recovery removes the orphaned file.
            LOG.warn("could not remove the bytes of deleted image {}: {}", id, e.toString());
        }
        for (java.util.function.Consumer<String> listener : deleteListeners) {
            try {
                listener.accept(id);
            } catch (RuntimeException e) {
                // The image is deleted either way; a listener's failure must not turn the delete into an error.
                LOG.warn("a listener of the delete of image {} failed: {}", id, e.toString());
            }
        }
    }

    /**
     * Runs {@code listener} with the image's id after each successful delete, on the deleting thread: a listener
     * hands slow work to its own executor (the request waits for it otherwise).
     */
    public void onDeleted(java.util.function.Consumer<String> listener) {
        deleteListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** The content checksums of every image in the store, whatever its status (cached bases stay warm for these). */
    public java.util.Set<String> checksums() {
        return images.checksums();
    }

    /**
     * Stores the image's bytes from {@code data}, read to its end and never held in memory. The bytes are inspected
     * while they stream; at the end the safety policy decides against the declared {@code disk_format}.
     *
     * @return the image, now {@code active}
     * @throws Conflict   when the image is not {@code queued} (e.g. already has data, or another upload runs)
     * @throws BadRequest when formats are not set, the upload ends early, or the policy refuses the bytes (the
     *                    image goes back to {@code queued}, its bytes removed)
     * @throws OverLimit  when the bytes exceed {@code image.max_size} (image back to {@code queued})
     */
    public ImageRecord upload(ImageCaller caller, String id, InputStream data) {
        ImageRecord image = owned(caller, id);
        if (image.diskFormat().isEmpty() || image.containerFormat().isEmpty()) {
            throw new BadRequest("Properties disk_format, container_format must be set prior to saving data.");
        }
        ImageFormat declared = ImageFormat.fromDiskFormat(image.diskFormat().get())
                .orElseThrow(() -> new BadRequest("Invalid disk format '" + image.diskFormat().get() + "'."));
        if (!images.changeStatus(id, ImageStatus.QUEUED, ImageStatus.SAVING, now())) {
            ImageStatus current = images.find(id).map(ImageRecord::status).orElse(ImageStatus.DELETED);
            throw new Conflict("Image status transition from " + current.apiName() + " to saving is not allowed.");
        }
        ImageWriter.Written written;
        try {
            written = ImageWriter.write(data, files.partial(id), inspector.newDetector(), maxImageSize);
        } catch (ImageWriter.TooLarge e) {
            requeue(id);
            throw new OverLimit("Image exceeds the storage quota: " + e.getMessage() + ".");
        } catch (ImageWriter.ReadFailed e) {
            requeue(id);
            throw new BadRequest("The upload ended before all image data was received: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            kill(id);
            throw e instanceof IOException io ? new UncheckedIOException("cannot store image " + id, io)
                    : (RuntimeException) e;
        }
        try {
            policy.requireSafe(written.info(), declared);
        } catch (UnsafeImageException e) {
            LOG.info("image {} refused ({}): {}", id, e.reason(), e.getMessage());
            requeue(id);
            throw new BadRequest(e.getMessage());
        }
        long virtualSize = written.info().virtualSize().orElse(written.size());
        try {
            files.commit(id);
        } catch (IOException e) {
            if (!images.exists(id)) {
                throw new NotFound("Image " + id + " was deleted during the upload.");
            }
            kill(id);
            throw new UncheckedIOException("cannot store image " + id, e);
        }
        StoredBytes bytes = new StoredBytes(written.size(), virtualSize, written.md5(), written.sha256(),
                written.sha512());
        if (!images.activate(id, bytes, now())) {
            // Deleted (or reset) while the bytes streamed in: the bytes belong to nothing.
            deleteFilesQuietly(id);
            throw new Conflict("Image " + id + " was deleted or changed during the upload.");
        }
        return get(caller, id);
    }

    /** The bytes of an active image the caller may see; empty when the image has no data (yet). */
    public Optional<ImageData> data(ImageCaller caller, String id) {
        ImageRecord image = get(caller, id);
        return data(image);
    }

    /** The bytes of an active image, for internal callers (e.g. {@link HostImageCache}); empty when not active. */
    public Optional<ImageData> data(ImageRecord image) {
        if (image.status() != ImageStatus.ACTIVE || image.size().isEmpty() || image.checksum().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ImageData(files.complete(image.id()), image.size().getAsLong(),
                image.checksum().get()));
    }

    private ImageRecord owned(ImageCaller caller, String id) {
        ImageRecord image = get(caller, id);
        if (!caller.owns(image)) {
            throw new Forbidden("You are not permitted to modify image " + id + ".");
        }
        return image;
    }

    private void requeue(String id) {
        deleteFilesQuietly(id);
        images.changeStatus(id, ImageStatus.SAVING, ImageStatus.QUEUED, now());
    }

    private void kill(String id) {
        deleteFilesQuietly(id);
        images.changeStatus(id, ImageStatus.SAVING, ImageStatus.KILLED, now());
    }

    private void deleteFilesQuietly(String id) {
        try {
            files.delete(id);
        } catch (IOException e) {
            // Recovery at the next start removes files of images that are not active.
            LOG.warn("could not remove the bytes of image {}: {}", id, e.toString());
        }
    }

    private Instant now() {
        // Glance shows seconds; storing what is shown keeps created_at stable across a round trip.
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static void checkVisibilityAllowed(ImageCaller caller, Visibility visibility) {
        // Glance's default policy: only admins may publicize an image to every project.
        if (visibility == Visibility.PUBLIC && !caller.admin()) {
            throw new Forbidden("Only administrators may make an image public.");
        }
    }

    private static String checkedId(String id) {
        try {
            return UUID.fromString(id).toString().equals(id.toLowerCase(java.util.Locale.ROOT)) ? id
                    : fail("Invalid image id " + id + ": it must be a UUID.");
        } catch (IllegalArgumentException e) {
            return fail("Invalid image id " + id + ": it must be a UUID.");
        }
    }

    private static String fail(String message) {
        throw new BadRequest(message);
    }

    private static void checkDiskFormat(String format) {
        if (!DISK_FORMATS.contains(format)) {
            throw new BadRequest("Invalid value '" + format + "' for disk_format; accepted are "
                    + new TreeSet<>(DISK_FORMATS) + ".");
        }
    }

    private static void checkContainerFormat(String format) {
        if (!CONTAINER_FORMATS.contains(format)) {
            throw new BadRequest("Invalid value '" + format + "' for container_format; accepted are "
                    + new TreeSet<>(CONTAINER_FORMATS) + ".");
        }
    }

    private static String checkText(String field, String value) {
        if (value.length() > MAX_TEXT) {
            throw new BadRequest("Invalid value for " + field + ": longer than " + MAX_TEXT + " characters.");
        }
        return value;
    }

    private static int checkNonNegative(String field, int value) {
        if (value < 0) {
            throw new BadRequest("Invalid value for " + field + ": " + value + " is less than the minimum of 0.");
        }
        return value;
    }

    private static List<String> checkedTags(List<String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new OverLimit("Maximum number of tags exceeded (" + MAX_TAGS + ").");
        }
        for (String tag : tags) {
            if (tag == null || tag.isEmpty() || tag.length() > MAX_TEXT) {
                throw new BadRequest("Invalid tag '" + tag + "': tags are 1 to " + MAX_TEXT + " characters.");
            }
        }
        return tags;
    }

    private static void checkProperty(String name, String value) {
        if (RESERVED.contains(name)) {
            throw new Forbidden("Attribute '" + name + "' is read-only.");
        }
        if (name.isEmpty() || name.length() > MAX_TEXT) {
            throw new BadRequest("Invalid property name '" + name + "': 1 to " + MAX_TEXT + " characters.");
        }
        Objects.requireNonNull(value, "value");
    }
}
