package org.kvmstack.virt.validate;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What opening the KVM device told us.
 *
 * @param present    the device node exists
 * @param opened     it could be opened read-write
 * @param apiVersion the answer to {@code KVM_GET_API_VERSION} (12 on every Linux since 2.6.22), when asked
 * @param vmCreated  {@code KVM_CREATE_VM} returned a VM file descriptor
 * @param error      why it is not usable; empty when usable
 */
public record KvmDeviceState(boolean present, boolean opened, OptionalInt apiVersion, boolean vmCreated, String error) {
    /** The only KVM API version Linux has ever shipped as stable. */
    public static final int STABLE_API_VERSION = 12;

    public KvmDeviceState {
        Objects.requireNonNull(apiVersion, "apiVersion");
        error = error == null ? "" : error;
    }

    /** Usable means a VM can be created through the stable API. */
    public boolean usable() {
        return opened && apiVersion.orElse(-1) == STABLE_API_VERSION && vmCreated;
    }

    public static KvmDeviceState missing() {
        return new KvmDeviceState(false, false, OptionalInt.empty(), false, "no such device");
    }

    public static KvmDeviceState unopenable(String error) {
        return new KvmDeviceState(true, false, OptionalInt.empty(), false, error);
    }

    public static KvmDeviceState working(int apiVersion) {
        return new KvmDeviceState(true, true, OptionalInt.of(apiVersion), true, "");
    }
}
