package org.kvmstack.virt.validate;

import java.nio.file.Path;

/**
 * Judges a KVM device node. The real implementation opens it and issues {@code KVM_GET_API_VERSION} and
 * {@code KVM_CREATE_VM}; fixture trees substitute their own judgement because a regular file cannot answer ioctls.
 */
@FunctionalInterface
public interface KvmDeviceProbe {
    /** Never throws: every failure is described in the returned state. */
    KvmDeviceState probe(Path device);

    /** The real probe through libc {@code open}/{@code ioctl} (JNA); on non-Linux systems it reports unusable. */
    static KvmDeviceProbe ioctl() {
        return new IoctlKvmDeviceProbe();
    }
}
