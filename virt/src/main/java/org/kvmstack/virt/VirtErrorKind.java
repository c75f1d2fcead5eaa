package org.kvmstack.virt;

/**
 * The kinds of libvirt failure that callers act on. Anything else is {@link #OTHER}; the exact libvirt code is
 * always kept in {@link VirtException#code()}.
 */
public enum VirtErrorKind {
    NO_SUCH_DOMAIN,
    NO_SUCH_NETWORK,
    NO_SUCH_POOL,
    NO_SUCH_VOLUME,
    /** The object exists but is in the wrong state for the call (e.g. starting a running domain). */
    OPERATION_INVALID,
    /** The connection could not be opened or was lost (libvirtd down, socket closed, RPC failure). */
    CONNECTION_FAILED,
    ALREADY_EXISTS,
    /** The driver behind the URI does not implement the call (e.g. volume upload on {@code test:///}). */
    UNSUPPORTED,
    /** Libvirt rejected an argument or a document (bad XML, unknown flag). */
    INVALID_ARGUMENT,
    OPERATION_TIMEOUT,
    ACCESS_DENIED,
    /**
     * The object is busy with an asynchronous job and refused the call for now, e.g. a pool refresh while a volume
     * copy ({@code virStorageVolCreateXMLFrom}) runs in that pool; the same call may succeed later.
     */
    BUSY,
    OTHER;

    /**
     * Maps libvirt's error to the kind a caller acts on. Duplicate definitions are reported by most drivers as a
     * generic OPERATION_FAILED whose message says "already exists"/"already defined"; those become
     * {@link #ALREADY_EXISTS}, because callers must tell them apart from real failures; likewise a storage pool's
     * refusal while it has asynchronous jobs running becomes {@link #BUSY}.
     */
    public static VirtErrorKind of(int code, String message) {
        if (code == LibvirtCodes.OPERATION_FAILED && message != null
                && (message.contains("already exists") || message.contains("already defined"))) {
            return ALREADY_EXISTS;
        }
        // libvirt's storage driver reports "pool '%s' has asynchronous jobs running." as a generic internal error
        if (code == LibvirtCodes.INTERNAL_ERROR && message != null && message.contains("asynchronous jobs running")) {
            return BUSY;
        }
        return ofCode(code);
    }

    /** Maps a numeric {@code virErrorNumber} to the kind a caller acts on. */
    public static VirtErrorKind ofCode(int code) {
        return switch (code) {
            case LibvirtCodes.NO_DOMAIN -> NO_SUCH_DOMAIN;
            case LibvirtCodes.NO_NETWORK -> NO_SUCH_NETWORK;
            case LibvirtCodes.NO_STORAGE_POOL -> NO_SUCH_POOL;
            case LibvirtCodes.NO_STORAGE_VOL -> NO_SUCH_VOLUME;
            case LibvirtCodes.OPERATION_INVALID -> OPERATION_INVALID;
            case LibvirtCodes.NO_CONNECT, LibvirtCodes.INVALID_CONN, LibvirtCodes.SYSTEM_ERROR, LibvirtCodes.RPC,
                 LibvirtCodes.AUTH_FAILED, LibvirtCodes.NO_SERVER -> CONNECTION_FAILED;
            case LibvirtCodes.DOM_EXIST, LibvirtCodes.NETWORK_EXIST, LibvirtCodes.STORAGE_VOL_EXIST -> ALREADY_EXISTS;
            case LibvirtCodes.NO_SUPPORT, LibvirtCodes.OPERATION_UNSUPPORTED, LibvirtCodes.CONFIG_UNSUPPORTED,
                 LibvirtCodes.ARGUMENT_UNSUPPORTED -> UNSUPPORTED;
            case LibvirtCodes.INVALID_ARG, LibvirtCodes.XML_ERROR, LibvirtCodes.XML_DETAIL,
                 LibvirtCodes.XML_INVALID_SCHEMA, LibvirtCodes.INVALID_MAC -> INVALID_ARGUMENT;
            case LibvirtCodes.OPERATION_TIMEOUT -> OPERATION_TIMEOUT;
            case LibvirtCodes.OPERATION_DENIED, LibvirtCodes.ACCESS_DENIED -> ACCESS_DENIED;
            default -> OTHER;
        };
    }
}
