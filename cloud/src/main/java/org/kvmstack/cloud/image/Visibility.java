package org.kvmstack.cloud.image;

import java.util.Locale;
import java.util.Optional;

/**
 * Who sees an image besides its owner: nobody ({@code private}), everyone ({@code public}), the owner's chosen
 * members ({@code shared}; members are not implemented yet, so only the owner), or anyone who asks for community
 * images explicitly ({@code community}).
 */
public enum Visibility {
    PRIVATE, PUBLIC, SHARED, COMMUNITY;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Visibility> fromApiName(String name) {
        for (Visibility v : values()) {
            if (v.apiName().equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
