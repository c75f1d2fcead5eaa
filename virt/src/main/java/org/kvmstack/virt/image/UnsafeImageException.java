package org.kvmstack.virt.image;

import java.util.Objects;

/**
 * An image was refused by {@link ImageSafetyPolicy}. The {@link #reason()} is stable for programs (the image API maps
 * it to a 400 response); the message says, for a user, what was found and what to upload instead.
 */
public final class UnsafeImageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an image was refused. */
    public enum Reason {
        /** A header is truncated or inconsistent, or could not be read within the inspection budget. */
        MALFORMED_HEADER,
        /** More than one format's signature matched (e.g. an ISO that also carries a qcow2 header). */
        AMBIGUOUS_FORMAT,
        /** qcow2 that refers to a backing file: QEMU would open a file on the host. */
        BACKING_FILE,
        /** qcow2 whose guest data lives in an external data file: QEMU would open a file on the host. */
        EXTERNAL_DATA_FILE,
        /** qcow2 marked corrupt by QEMU. */
        CORRUPT,
        /** qcow2 with incompatible feature bits we do not know to be harmless. */
        UNKNOWN_FEATURES,
        /** qcow2 encrypted (legacy AES or LUKS): no keys are managed for images. */
        ENCRYPTED,
        /** VMDK whose create type refers to other files. */
        VMDK_TYPE,
        /** VMDK whose descriptor names an extent file other than itself. */
        VMDK_EXTERNAL_EXTENT,
        /** The declared disk_format differs from the detected one. */
        FORMAT_MISMATCH,
        /** A format the policy does not accept. */
        UNSUPPORTED_FORMAT,
        /** Virtual size unknown, zero, or above the configured maximum. */
        VIRTUAL_SIZE
    }

    private final Reason reason;

    public UnsafeImageException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
