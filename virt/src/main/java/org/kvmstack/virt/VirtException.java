package org.kvmstack.virt;

/**
 * A failed libvirt call. Unchecked: callers that can act on a failure switch on {@link #kind()}; the exact libvirt
 * {@code virErrorNumber} ({@link #code()}) and {@code virErrorDomain} ({@link #errorDomain()}) are kept for logs and
 * for cases the kinds do not cover. {@code code() == -1} means the failure did not come from libvirt's error
 * (e.g. a closed {@link VirtConnection} or a stream I/O error).
 */
public class VirtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final VirtErrorKind kind;
    private final int code;
    private final int errorDomain;
    private final String libvirtMessage;

    /**
     * @param operation what we were doing, e.g. "start domain web1"; becomes the message prefix
     * @param code libvirt's error number, or -1
     * @param errorDomain libvirt's error domain (which subsystem raised it), or -1
     * @param libvirtMessage libvirt's own message, may be null
     */
    public VirtException(String operation, int code, int errorDomain, String libvirtMessage, Throwable cause) {
        this(operation, VirtErrorKind.of(code, libvirtMessage), code, errorDomain, libvirtMessage, cause);
    }

    public VirtException(String operation, VirtErrorKind kind, int code, int errorDomain, String libvirtMessage,
                         Throwable cause) {
        super(operation + ": " + (libvirtMessage == null ? kind.name() : libvirtMessage)
                + (code >= 0 ? " (libvirt error " + code + ")" : ""), cause);
        this.kind = kind;
        this.code = code;
        this.errorDomain = errorDomain;
        this.libvirtMessage = libvirtMessage;
    }

    /** A failure of ours, not libvirt's (closed connection, stream I/O, timeout). */
    public static VirtException of(String operation, VirtErrorKind kind, String message) {
        return new VirtException(operation, kind, -1, -1, message, null);
    }

    public VirtErrorKind kind() {
        return kind;
    }

    /** libvirt's {@code virErrorNumber}, or -1. */
    public int code() {
        return code;
    }

    /** libvirt's {@code virErrorDomain}, or -1. */
    public int errorDomain() {
        return errorDomain;
    }

    /** libvirt's message without our prefix; may be null. */
    public String libvirtMessage() {
        return libvirtMessage;
    }

    public boolean is(VirtErrorKind expected) {
        return kind == expected;
    }
}
