package org.kvmstack.cloud.image;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param next the marker for the next page, present only when more images follow
 */
public record ImagePage(List<ImageRecord> images, Optional<String> next) {
    public ImagePage {
        images = List.copyOf(images);
    }
}
