package org.kvmstack.cloud.compute;

import org.kvmstack.cloud.error.BadRequest;

/** The rule for a server's display name (Nova's): what create, rename, snapshot and clone names must meet. */
final class ServerNames {
    private ServerNames() {
    }

    /**
     * @return {@code name}, when it is 1–255 characters with no leading/trailing spaces and no control characters
     * @throws BadRequest otherwise
     */
    static String check(String name) {
        if (name == null || name.isBlank() || name.length() > 255 || !name.equals(name.strip())
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new BadRequest("Invalid input for field/attribute name. Value: " + name
                    + ". A name is 1-255 characters, no leading/trailing spaces, no control characters");
        }
        return name;
    }
}
