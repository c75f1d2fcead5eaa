package org.kvmstack.virt.validate;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** Opens a KVM device through libc and asks it the two questions that prove it works. */
final class IoctlKvmDeviceProbe implements KvmDeviceProbe {
    // Linux <linux/kvm.h>: _IO(KVMIO=0xAE, 0x00) and _IO(KVMIO, 0x01); fcntl.h O_RDWR and O_CLOEXEC (x86, arm).
    private static final long KVM_GET_API_VERSION = 0xAE00L;
    private static final long KVM_CREATE_VM = 0xAE01L;
    private static final int O_RDWR = 0x2;
    private static final int O_CLOEXEC = 0x80000;

    /** The few libc calls used; each throws {@link LastErrorException} carrying errno on -1. */
    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int ioctl(int fd, long request, long argument) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        String strerror(int errno);
    }

    @Override
    public KvmDeviceState probe(Path device) {
        if (!Files.exists(device)) {
            return KvmDeviceState.missing();
        }
        if (!Platform.isLinux()) {
            return KvmDeviceState.unopenable("KVM ioctls exist only on Linux");
        }
        LibC libc = Native.load("c", LibC.class);
        int fd;
        try {
            fd = libc.open(device.toString(), O_RDWR | O_CLOEXEC);
        } catch (LastErrorException e) {
            return KvmDeviceState.unopenable("open " + device + ": " + libc.strerror(e.getErrorCode()));
        }
        try {
            int api;
            try {
                api = libc.ioctl(fd, KVM_GET_API_VERSION, 0);
            } catch (LastErrorException e) {
                return new KvmDeviceState(true, true, OptionalInt.empty(), false,
                        "KVM_GET_API_VERSION: " + libc.strerror(e.getErrorCode()));
            }
            if (api != KvmDeviceState.STABLE_API_VERSION) {
                return new KvmDeviceState(true, true, OptionalInt.of(api), false,
                        "KVM API version " + api + ", expected " + KvmDeviceState.STABLE_API_VERSION);
            }
            try {
                int vmFd = libc.ioctl(fd, KVM_CREATE_VM, 0);
                libc.close(vmFd);
            } catch (LastErrorException e) {
                return new KvmDeviceState(true, true, OptionalInt.of(api), false,
                        "KVM_CREATE_VM: " + libc.strerror(e.getErrorCode()));
            }
            return KvmDeviceState.working(api);
        } finally {
            closeQuietlyAfterUse(libc, fd);
        }
    }

    /** A failed close of a device we only read from changes no verdict, so its error is not reported. */
    private static void closeQuietlyAfterUse(LibC libc, int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // nothing was written through this descriptor; the verdict above stands
        }
    }
}
