package org.kvmstack.virt.image;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.kvmstack.virt.image.UnsafeImageException.Reason;

/**
 * Decides whether an inspected image may be handed to {@code qemu-img} or libvirt. The checks answer the class of
 * bugs where an uploaded image makes QEMU open a file on the host (qcow2 backing files and external data files,
 * VMDK extents; CVE-2022-47951, CVE-2024-32498), or where the declared format is not the real one.
 *
 * <p>Immutable and thread-safe. Build with {@link #defaults()} or {@link #of(Set, long)}.
 */
public final class ImageSafetyPolicy {
    /** Default bound on the virtual size: 2 TiB. */
    public static final long DEFAULT_MAX_VIRTUAL_SIZE = 2L << 40;
    /** Formats accepted by default. */
    public static final Set<ImageFormat> DEFAULT_ACCEPTED = Set.of(ImageFormat.RAW, ImageFormat.QCOW2, ImageFormat.ISO);

    /**
     * Incompatible qcow2 features that are safe to pass. Dirty only means refcounts need a rebuild (QEMU repairs it
     * on open); compression type (zstd) and extended L2 change only how clusters are encoded inside the file. Corrupt
     * (bit 1) is refused: QEMU itself will not open a corrupt image read-write, and its metadata may point anywhere
     * in the file. External data file (bit 2) is refused as a host-file reference.
     */
    static final long HARMLESS_INCOMPATIBLE = Qcow2Details.INCOMPAT_DIRTY | Qcow2Details.INCOMPAT_COMPRESSION_TYPE
            | Qcow2Details.INCOMPAT_EXTENDED_L2;

    private static final Set<String> SAFE_VMDK_TYPES = Set.of("monolithicSparse", "streamOptimized");

    private final Set<ImageFormat> accepted;
    private final long maxVirtualSize;

    private ImageSafetyPolicy(Set<ImageFormat> accepted, long maxVirtualSize) {
        this.accepted = Set.copyOf(accepted);
        this.maxVirtualSize = maxVirtualSize;
    }

    /** raw, qcow2 and iso up to 2 TiB. */
    public static ImageSafetyPolicy defaults() {
        return of(DEFAULT_ACCEPTED, DEFAULT_MAX_VIRTUAL_SIZE);
    }

    /**
     * @param accepted       formats to accept (non-empty)
     * @param maxVirtualSize the largest virtual size accepted, in bytes (positive)
     */
    public static ImageSafetyPolicy of(Set<ImageFormat> accepted, long maxVirtualSize) {
        Objects.requireNonNull(accepted, "accepted");
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException("accept at least one image format, e.g. raw, qcow2 and iso");
        }
        if (maxVirtualSize <= 0) {
            throw new IllegalArgumentException("max virtual size must be a positive number of bytes, was "
                    + maxVirtualSize);
        }
        return new ImageSafetyPolicy(accepted, maxVirtualSize);
    }

    public Set<ImageFormat> accepted() {
        return accepted;
    }

    public long maxVirtualSize() {
        return maxVirtualSize;
    }

    /**
     * Accepts the image or says why not.
     *
     * @param info     the inspector's verdict on the whole image
     * @param declared the format the uploader declared ({@code disk_format})
     * @throws UnsafeImageException with the first reason found, in the order: malformed, ambiguous, host-file
     *                              references and dangerous features, declared format mismatch, unsupported
     *                              format, virtual size
     */
    public void requireSafe(ImageInfo info, ImageFormat declared) throws UnsafeImageException {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(declared, "declared");
        if (!info.defects().isEmpty()) {
            throw new UnsafeImageException(Reason.MALFORMED_HEADER, "The image header is truncated or inconsistent ("
                    + String.join("; ", info.defects()) + "). Upload a complete image written by qemu-img.");
        }
        if (info.ambiguous()) {
            throw new UnsafeImageException(Reason.AMBIGUOUS_FORMAT, "The image matches several formats at once ("
                    + names(info.matchedFormats()) + "); a file that is valid as two formats is refused because tools"
                    + " would disagree about what it contains. Convert it to a single format with qemu-img convert.");
        }
        if (info.qcow2().isPresent()) {
            checkQcow2(info.qcow2().get());
        }
        if (info.vmdk().isPresent()) {
            checkVmdk(info.vmdk().get(), info);
        }
        if (info.format() != declared) {
            throw new UnsafeImageException(Reason.FORMAT_MISMATCH, "The image was declared as disk_format '"
                    + declared.diskFormat() + "' but its content is '" + info.format().diskFormat()
                    + "'. Declare disk_format '" + info.format().diskFormat() + "' or upload a " + declared.diskFormat()
                    + " image.");
        }
        if (!accepted.contains(info.format())) {
            throw new UnsafeImageException(Reason.UNSUPPORTED_FORMAT, "Images in format '" + info.format().diskFormat()
                    + "' are not accepted; accepted formats are " + names(accepted)
                    + ". Convert it, e.g. qemu-img convert -f " + info.format().qemuDriver() + " -O qcow2 IN OUT.");
        }
        if (info.virtualSize().isEmpty()) {
            throw new UnsafeImageException(Reason.VIRTUAL_SIZE, "The image does not state its virtual size.");
        }
        long size = info.virtualSize().getAsLong();
        if (size <= 0) {
            throw new UnsafeImageException(Reason.VIRTUAL_SIZE, "The image has a virtual size of 0 bytes; upload a"
                    + " non-empty image.");
        }
        if (size > maxVirtualSize) {
            throw new UnsafeImageException(Reason.VIRTUAL_SIZE, "The image's virtual size of " + size
                    + " bytes exceeds the maximum of " + maxVirtualSize + " bytes.");
        }
    }

    private static void checkQcow2(Qcow2Details q) throws UnsafeImageException {
        if (q.backingFilePresent()) {
            throw new UnsafeImageException(Reason.BACKING_FILE, "The qcow2 image refers to a backing file"
                    + q.backingFileName().map(n -> " '" + n + "'").orElse("")
                    + "; images must be self-contained. Flatten it first: qemu-img convert -O qcow2 IN OUT.");
        }
        if (q.externalDataFile()) {
            throw new UnsafeImageException(Reason.EXTERNAL_DATA_FILE, "The qcow2 image keeps its data in an external"
                    + " data file" + q.dataFileName().map(n -> " '" + n + "'").orElse("")
                    + "; images must be self-contained. Convert it first: qemu-img convert -O qcow2 IN OUT.");
        }
        if ((q.incompatibleFeatures() & Qcow2Details.INCOMPAT_CORRUPT) != 0) {
            throw new UnsafeImageException(Reason.CORRUPT, "The qcow2 image is marked corrupt. Repair it with"
                    + " qemu-img check -r all, or convert it to a new image.");
        }
        long unknown = q.incompatibleFeatures() & ~HARMLESS_INCOMPATIBLE;
        if (unknown != 0) {
            throw new UnsafeImageException(Reason.UNKNOWN_FEATURES, String.format("The qcow2 image uses incompatible"
                    + " features 0x%x that are not known to be safe. Convert it with qemu-img convert -O qcow2.",
                    unknown));
        }
        if (q.encrypted()) {
            throw new UnsafeImageException(Reason.ENCRYPTED, "The qcow2 image is encrypted; encrypted images are not"
                    + " supported. Upload it decrypted.");
        }
    }

    /**
     * Only single-file VMDK types pass. Their embedded descriptor still carries one SPARSE extent line naming the
     * file itself (QEMU ignores that name for these types), so a bare file name is allowed there; anything with a
     * path, a second extent, or a non-sparse extent is refused.
     */
    private static void checkVmdk(VmdkDetails v, ImageInfo info) throws UnsafeImageException {
        if (!v.sparseHeader()) {
            throw new UnsafeImageException(Reason.VMDK_EXTERNAL_EXTENT, "The VMDK file is a text descriptor whose"
                    + " data lives in other files (" + extentNames(v) + "). Upload a single-file VMDK"
                    + " (monolithicSparse or streamOptimized), or better, qcow2.");
        }
        // QEMU opens a sparse header of capacity 0 as a descriptor file and follows its extents (block/vmdk.c,
        // vmdk_open_vmdk4), so the "name of the file itself" would become a file to open.
        if (info.virtualSize().isPresent() && info.virtualSize().getAsLong() == 0) {
            throw new UnsafeImageException(Reason.VMDK_EXTERNAL_EXTENT, "The VMDK sparse header has capacity 0,"
                    + " which makes QEMU follow the descriptor's extents (" + extentNames(v) + ") to other files.");
        }
        if (!SAFE_VMDK_TYPES.contains(v.createType())) {
            throw new UnsafeImageException(Reason.VMDK_TYPE, "The VMDK create type '" + v.createType()
                    + "' is not accepted; only monolithicSparse and streamOptimized are.");
        }
        if (v.extents().size() != 1) {
            throw new UnsafeImageException(Reason.VMDK_EXTERNAL_EXTENT, "A single-file VMDK must have exactly one"
                    + " extent; this one has " + v.extents().size() + " (" + extentNames(v) + ").");
        }
        VmdkExtent extent = v.extents().get(0);
        String name = extent.fileName().orElse("");
        if (!"SPARSE".equals(extent.type()) || name.isEmpty() || name.contains("/") || name.contains("\\")
                || name.equals("..") || name.equals(".")) {
            throw new UnsafeImageException(Reason.VMDK_EXTERNAL_EXTENT, "The VMDK descriptor names the extent "
                    + extent.type() + " '" + name + "', which could refer to a file on the host.");
        }
    }

    private static String extentNames(VmdkDetails v) {
        List<String> names = v.extents().stream().map(e -> e.type() + " " + e.fileName().orElse("-")).toList();
        return names.isEmpty() ? "no extents" : String.join(", ", names);
    }

    private static String names(java.util.Collection<ImageFormat> formats) {
        return EnumSet.copyOf(formats).stream().map(ImageFormat::diskFormat).collect(Collectors.joining(", "));
    }
}
