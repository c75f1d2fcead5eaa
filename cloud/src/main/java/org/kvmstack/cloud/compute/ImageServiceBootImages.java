package org.kvmstack.cloud.compute;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.image.CachedImage;
import org.kvmstack.cloud.image.HostImageCache;
import org.kvmstack.cloud.image.ImageCaller;
import org.kvmstack.cloud.image.ImageRecord;
import org.kvmstack.cloud.image.ImageService;
import org.kvmstack.cloud.image.ImageStatus;
import org.kvmstack.cloud.image.NewImage;
import org.kvmstack.cloud.image.Visibility;
import org.kvmstack.virt.VirtConnection;

/** The build's view of the image service: images a project may boot, cached on hosts by {@link HostImageCache}. */
public final class ImageServiceBootImages implements BootImages {
    private final ImageService images;
    private final HostImageCache cache;

    public ImageServiceBootImages(ImageService images, HostImageCache cache) {
        this.images = Objects.requireNonNull(images, "images");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    @Override
    public BootImage find(String imageRef, String projectId) {
        ImageRecord image;
        try {
            image = images.get(ImageCaller.member(projectId), imageRef);
        } catch (NotFound e) {
            // Nova answers a bad imageRef on server create with 400, not 404.
            throw new BadRequest("Image " + imageRef + " could not be found.");
        }
        if (image.status() != ImageStatus.ACTIVE) {
            throw new BadRequest("Image " + imageRef + " is not active.");
        }
        return new BootImage(image.id(), image.name().orElse(""), image.diskFormat().orElse(""), image.minDisk(),
                image.minRam(), image.virtualSize().orElse(0));
    }

    @Override
    public CachedBase ensureCached(VirtConnection host, BootImage image) {
        ImageRecord record = images.get(ImageCaller.system(), image.id());
        CachedImage cached = cache.ensure(host, record);
        // The overlay's backing store names the format QEMU reads (an ISO is read as raw).
        return new CachedBase(cached.volumePath(), cached.format().qemuDriver(), cached.virtualSize());
    }

    @Override
    public List<String> removeUnusedBases(VirtConnection host, Supplier<Optional<Set<String>>> pathsInUse) {
        return cache.removeUnused(host, pathsInUse);
    }

    @Override
    public void beginSnapshot(String imageId, String projectId, String name, Map<String, String> properties) {
        NewImage request = new NewImage(Optional.of(imageId), Optional.of(name), Optional.of("qcow2"),
                Optional.of("bare"), Optional.of(Visibility.PRIVATE), false, 0, 0, List.of(), properties);
        images.create(ImageCaller.member(projectId), request);
    }

    @Override
    public void storeSnapshot(String imageId, InputStream data) {
        images.upload(ImageCaller.system(), imageId, data);
    }

    @Override
    public void discardSnapshot(String imageId) {
        try {
            images.delete(ImageCaller.system(), imageId);
        } catch (NotFound gone) {
            // already deleted (e.g. by its owner while the snapshot ran)
        }
    }
}
