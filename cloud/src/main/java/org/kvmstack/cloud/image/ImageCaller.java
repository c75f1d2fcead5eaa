package org.kvmstack.cloud.image;

import java.util.Optional;

/**
 * Who asks the image service: the project the token is scoped to and whether it holds the admin role. Admins see
 * and change every image; others see their project's images plus public (and, when asked, community) ones, and
 * change only their own.
 *
 * @param projectId the caller's project; empty for internal callers acting for no project
 * @param admin     whether the caller may act on every image
 */
public record ImageCaller(Optional<String> projectId, boolean admin) {
    public ImageCaller {
        projectId = projectId == null ? Optional.empty() : projectId;
    }

    /** The controller itself (e.g. compute reading an image to boot): sees everything. */
    public static ImageCaller system() {
        return new ImageCaller(Optional.empty(), true);
    }

    public static ImageCaller member(String projectId) {
        return new ImageCaller(Optional.of(projectId), false);
    }

    boolean owns(ImageRecord image) {
        return admin || (projectId.isPresent() && projectId.equals(image.owner()));
    }

    boolean sees(ImageRecord image) {
        return owns(image) || image.visibility() == Visibility.PUBLIC || image.visibility() == Visibility.COMMUNITY;
    }
}
