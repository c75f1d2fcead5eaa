package org.kvmstack.cloud.image;

import java.util.List;

/**
 * One change of a PATCH (JSON patch add/replace/remove), already typed. Applied in order, all or nothing.
 */
public sealed interface ImageChange {
    record SetName(String name) implements ImageChange {}

    record SetMinDisk(int gigabytes) implements ImageChange {}

    record SetMinRam(int megabytes) implements ImageChange {}

    record SetVisibility(Visibility visibility) implements ImageChange {}

    record SetProtected(boolean isProtected) implements ImageChange {}

    /** Replaces the whole tag list. */
    record SetTags(List<String> tags) implements ImageChange {
        public SetTags {
            tags = List.copyOf(tags);
        }
    }

    /** Adds or replaces an extra property; with {@code mustExist} (JSON patch replace) a missing one is a conflict. */
    record SetProperty(String name, String value, boolean mustExist) implements ImageChange {}

    /** Removes an extra property; a missing one is a conflict, as in Glance. */
    record RemoveProperty(String name) implements ImageChange {}
}
