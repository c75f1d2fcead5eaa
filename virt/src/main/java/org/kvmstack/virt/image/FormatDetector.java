package org.kvmstack.virt.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Streaming format detection: feed the image's bytes in order, in chunks of any size, then call {@link #finish()}.
 * Only the regions parsers ask for are kept (bounded by a budget), so an upload can be inspected while it streams
 * to disk. The verdict does not depend on how the stream was chunked: parsers are consulted at fixed region
 * boundaries, never at chunk boundaries.
 *
 * <p>Not thread-safe; one detector per image. After {@link #finish()} no more bytes may be fed.
 */
public final class FormatDetector {
    /** Always captured: every format's signature, the ISO volume descriptors and most headers lie in here. */
    static final int PREFIX_BYTES = 64 * 1024;
    /** Default bound on captured bytes per image: a 2 MiB qcow2 first cluster plus VHDX tables fit. */
    public static final long DEFAULT_CAPTURE_BUDGET = 4L * 1024 * 1024;
    /** Planning rounds per boundary: each round can only unlock a region that the previous round captured. */
    private static final int MAX_PLANNING_ROUNDS = 8;

    /** QEMU's probe order: the first match names the format reported; an ISO carrying another header is not an ISO. */
    private final List<FormatParser> parsers = List.of(
            new Qcow2Parser(), SimpleHeaderParsers.qed(), new VmdkParser(), new VhdxParser(),
            SimpleHeaderParsers.vhd(), SimpleHeaderParsers.vdi(), SimpleHeaderParsers.luks(), new IsoParser());

    private final CapturedBytes captured;
    private ImageInfo verdict;

    FormatDetector(long captureBudget) {
        if (captureBudget < PREFIX_BYTES) {
            throw new IllegalArgumentException("capture budget must be at least " + PREFIX_BYTES + " bytes");
        }
        captured = new CapturedBytes(captureBudget);
        captured.want(new ByteRegion(0, PREFIX_BYTES), "prefix");
    }

    /** Feeds the next {@code length} bytes of the image. */
    public void update(byte[] chunk, int offset, int length) {
        if (offset < 0 || length < 0 || offset > chunk.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + chunk.length);
        }
        requireOpen();
        int off = offset;
        int left = length;
        while (left > 0) {
            long boundary = captured.nextBoundary();
            int step = (int) Math.min(left, boundary - captured.position());
            captured.accept(chunk, off, step);
            off += step;
            left -= step;
            planIfAt(boundary);
        }
    }

    /**
     * Advances over {@code count} bytes that a seekable source did not read. Only legal up to
     * {@link #nextWantedOffset()}: skipping wanted bytes would change the verdict.
     */
    void skip(long count) {
        requireOpen();
        long wanted = captured.nextWantedOffset();
        if (count < 0 || (wanted >= 0 && captured.position() + count > wanted)) {
            throw new IllegalStateException("cannot skip " + count + " bytes past wanted offset " + wanted);
        }
        long left = count;
        while (left > 0) {
            long boundary = captured.nextBoundary();
            long step = Math.min(left, boundary - captured.position());
            captured.skip(step);
            left -= step;
            planIfAt(boundary);
        }
    }

    /** The next offset whose bytes matter, or -1 when the rest of the image only counts towards its size. */
    long nextWantedOffset() {
        return captured.nextWantedOffset();
    }

    /** Bytes fed (or skipped) so far. */
    public long position() {
        return captured.position();
    }

    private void planIfAt(long boundary) {
        if (captured.position() != boundary) {
            return;
        }
        for (int round = 0; round < MAX_PLANNING_ROUNDS; round++) {
            int before = captured.regionCount();
            for (FormatParser parser : parsers) {
                if (parser.matches(captured)) {
                    parser.want(captured);
                }
            }
            if (captured.regionCount() == before) {
                return;
            }
        }
    }

    private void requireOpen() {
        if (verdict != null) {
            throw new IllegalStateException("detector already finished");
        }
    }

    /** Ends the stream and returns the verdict; later calls return the same verdict. */
    public ImageInfo finish() {
        if (verdict != null) {
            return verdict;
        }
        long fileSize = captured.position();
        List<ImageFormat> matched = new ArrayList<>();
        List<String> defects = new ArrayList<>();
        OptionalLong virtualSize = OptionalLong.empty();
        Optional<Qcow2Details> qcow2 = Optional.empty();
        Optional<VmdkDetails> vmdk = Optional.empty();
        Optional<String> isoVolumeId = Optional.empty();
        for (FormatParser parser : parsers) {
            if (!parser.matches(captured)) {
                continue;
            }
            FormatFindings findings = parser.parse(captured, fileSize);
            if (matched.isEmpty()) {
                virtualSize = findings.virtualSize;
            }
            matched.add(findings.format);
            defects.addAll(findings.defects);
            qcow2 = qcow2.or(() -> findings.qcow2);
            vmdk = vmdk.or(() -> findings.vmdk);
            isoVolumeId = isoVolumeId.or(() -> findings.isoVolumeId);
        }
        if (!matched.isEmpty()) {
            defects.addAll(captured.missed());
        }
        ImageFormat format = matched.isEmpty() ? ImageFormat.RAW : matched.get(0);
        if (matched.isEmpty()) {
            virtualSize = OptionalLong.of(fileSize);
        }
        verdict = new ImageInfo(format, matched, virtualSize, fileSize, PartitionTables.detect(captured),
                qcow2, vmdk, isoVolumeId, defects);
        return verdict;
    }
}
