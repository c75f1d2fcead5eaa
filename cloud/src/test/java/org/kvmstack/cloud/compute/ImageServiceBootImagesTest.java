package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.image.HostImageCache;
import org.kvmstack.cloud.image.ImageCaller;
import org.kvmstack.cloud.image.ImageFiles;
import org.kvmstack.cloud.image.ImageRecord;
import org.kvmstack.cloud.image.ImageService;
import org.kvmstack.cloud.image.NewImage;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;
import org.kvmstack.virt.image.ImageSafetyPolicy;

/** The compute build's view of the image service: only active images the project can see are bootable. */
class ImageServiceBootImagesTest {
    @TempDir
    Path tmp;

    @StoreTest
    void findsActiveVisibleImagesAndRefusesOthersWith400(StoreEngine engine) {
        Database db = engine.open();
        ImageService images = new ImageService(db.jdbi(), new ImageFiles(tmp.resolve("images")),
                ImageSafetyPolicy.defaults(), OptionalLong.empty(), Clock.systemUTC());
        BootImages boot = new ImageServiceBootImages(images, new HostImageCache(db.jdbi(), images, Clock.systemUTC()));
        ImageCaller owner = ImageCaller.member("p1");

        ImageRecord queued = images.create(owner, NewImage.of("empty", "raw", "bare"));
        assertThatThrownBy(() -> boot.find(queued.id(), "p1")).isInstanceOf(BadRequest.class)
                .hasMessageContaining("not active");
        ImageRecord active = images.upload(owner, queued.id(), new ByteArrayInputStream(new byte[8192]));

        BootImage found = boot.find(active.id(), "p1");
        assertThat(found.id()).isEqualTo(active.id());
        assertThat(found.diskFormat()).isEqualTo("raw");
        assertThat(found.virtualSizeBytes()).isEqualTo(8192);
        assertThatThrownBy(() -> boot.find(active.id(), "p2")).isInstanceOf(BadRequest.class)
                .hasMessageContaining("could not be found");
        assertThatThrownBy(() -> boot.find("no-such-image", "p1")).isInstanceOf(BadRequest.class);
    }
}
