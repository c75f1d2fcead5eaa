package org.kvmstack.virt;

import org.kvmstack.virt.jna.NativeErrors;
import org.libvirt.LibvirtException;

/** Turns libvirt-java's exceptions into ours, keeping libvirt's numeric code. */
final class LibvirtErrors {
    private LibvirtErrors() {
    }

    /**
     * Must run on the failing thread before any other libvirt call: the numeric code is read from libvirt's
     * thread-local last error, because libvirt-java's enum misnumbers codes above 75.
     */
    static VirtException translate(String operation, LibvirtException e) {
        String message = e.getError() == null ? e.getMessage() : e.getError().getMessage();
        NativeErrors.LastError last = NativeErrors.lastError();
        if (last != null && (message == null || message.equals(last.message()))) {
            return new VirtException(operation, last.code(), last.domain(), last.message(), e);
        }
        // The thread-local error was already reset; fall back to libvirt-java's enum, exact for codes < 76.
        int code = e.getError() == null ? -1 : e.getError().getCode().ordinal();
        int domain = e.getError() == null ? -1 : e.getError().getDomain().ordinal();
        return new VirtException(operation, code, domain, message, e);
    }
}
