package org.kvmstack.virt.jna;

import com.sun.jna.Pointer;
import org.kvmstack.virt.VirtException;

/**
 * Reads libvirt's thread-local last error. Must be called on the failing thread before any other libvirt call
 * (every public libvirt function resets the last error on entry).
 */
public final class NativeErrors {
    private NativeErrors() {
    }

    /** The last libvirt error of this thread, or null when there is none. */
    public static LastError lastError() {
        Pointer err = LibvirtNative.INSTANCE.virGetLastError();
        if (err == null) {
            return null;
        }
        // struct _virError { int code; int domain; char *message; ... }: stable since libvirt 0.1.
        int code = err.getInt(0);
        int domain = err.getInt(4);
        Pointer message = err.getPointer(8);
        return new LastError(code, domain, message == null ? null : message.getString(0, "UTF-8"));
    }

    /** The exception for a native call that just returned failure on this thread. */
    static VirtException failure(String operation) {
        LastError e = lastError();
        if (e == null) {
            return new VirtException(operation, -1, -1, "failed without a libvirt error", null);
        }
        return new VirtException(operation, e.code(), e.domain(), e.message(), null);
    }

    /** libvirt's {@code virError} fields that matter to us. */
    public record LastError(int code, int domain, String message) {
    }
}
