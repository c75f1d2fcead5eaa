package org.kvmstack.virt.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few regions of an image that parsers asked to see, filled as the bytes stream past. Bytes that nobody asked for
 * are never kept, and the total kept is bounded by a budget, so inspecting a 2 TiB upload costs a few hundred KiB.
 * Not thread-safe: one upload, one instance.
 */
final class CapturedBytes {
    private static final class Slot {
        final ByteRegion region;
        final byte[] data;
        int filled;

        Slot(ByteRegion region) {
            this.region = region;
            this.data = new byte[region.length()];
        }

        boolean complete() {
            return filled == data.length;
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final long budget;
    private long reserved;
    private long position;
    private final List<String> missed = new ArrayList<>();

    CapturedBytes(long budget) {
        this.budget = budget;
    }

    long position() {
        return position;
    }

    /**
     * Asks for a region. A region that already streamed past, or that would exceed the budget, cannot be captured;
     * that is recorded (see {@link #missed()}) so the verdict says the header could not be read rather than guessing.
     */
    void want(ByteRegion region, String why) {
        for (Slot slot : slots) {
            if (slot.region.equals(region)) {
                return;
            }
        }
        if (region.offset() > Long.MAX_VALUE - region.length()) {
            missed.add(why + " at offset " + Long.toUnsignedString(region.offset()) + " is beyond any file");
            return;
        }
        if (region.offset() < position) {
            if (read(region.offset(), region.length()).isEmpty()) {
                missed.add(why + " at offset " + region.offset() + " lies before data already streamed past");
            }
            return;
        }
        if (reserved + region.length() > budget) {
            missed.add(why + " (" + region.length() + " bytes at offset " + region.offset()
                    + ") exceeds the inspection budget of " + budget + " bytes");
            return;
        }
        reserved += region.length();
        slots.add(new Slot(region));
    }

    /**
     * The next offset any region still waits for, at or after the current position, or -1 when nothing more is
     * wanted. Consumers that can seek (files) skip straight to it.
     */
    long nextWantedOffset() {
        long next = -1;
        for (Slot slot : slots) {
            if (slot.complete()) {
                continue;
            }
            long wanted = Math.max(position, slot.region.offset() + slot.filled);
            if (next < 0 || wanted < next) {
                next = wanted;
            }
        }
        return next;
    }

    /**
     * How far the stream may advance from the current position before some region starts or completes; parsers
     * are consulted at each such boundary so that what they ask for never depends on how the stream was chunked.
     */
    long nextBoundary() {
        long boundary = Long.MAX_VALUE;
        for (Slot slot : slots) {
            long start = slot.region.offset();
            long end = slot.region.end();
            if (start > position && start < boundary) {
                boundary = start;
            }
            if (end > position && end < boundary) {
                boundary = end;
            }
        }
        return boundary;
    }

    /** Accepts the bytes at the current position and advances it. */
    void accept(byte[] chunk, int off, int len) {
        long chunkStart = position;
        long chunkEnd = position + len;
        for (Slot slot : slots) {
            long from = Math.max(chunkStart, slot.region.offset() + slot.filled);
            long to = Math.min(chunkEnd, slot.region.end());
            if (from < to && from == slot.region.offset() + slot.filled) {
                System.arraycopy(chunk, off + (int) (from - chunkStart), slot.data, slot.filled, (int) (to - from));
                slot.filled += (int) (to - from);
            }
        }
        position = chunkEnd;
    }

    /** Advances over bytes nobody wants (a seekable source skipped them). */
    void skip(long count) {
        position += count;
    }

    /** The bytes [offset, offset + length) if all were captured (and exist: the file may be shorter). */
    Optional<byte[]> read(long offset, int length) {
        byte[] out = readAvailable(offset, length);
        return out.length == length ? Optional.of(out) : Optional.empty();
    }

    /**
     * Up to {@code length} captured bytes starting at {@code offset}, stitched across adjacent regions; fewer when
     * the file or the capture ends first.
     */
    byte[] readAvailable(long offset, int length) {
        if (offset < 0 || length <= 0) {
            return new byte[0];
        }
        byte[] out = new byte[length];
        int got = 0;
        // Each step copies from one region; the number of steps is bounded by the number of regions.
        for (int step = 0; step <= slots.size() && got < length; step++) {
            long at = offset + got;
            Slot source = null;
            for (Slot slot : slots) {
                long start = slot.region.offset();
                if (at >= start && at < start + slot.filled) {
                    source = slot;
                    break;
                }
            }
            if (source == null) {
                break;
            }
            long start = source.region.offset();
            int n = (int) Math.min(length - got, start + source.filled - at);
            System.arraycopy(source.data, (int) (at - start), out, got, n);
            got += n;
        }
        return got == length ? out : java.util.Arrays.copyOf(out, got);
    }

    int regionCount() {
        return slots.size();
    }

    List<String> missed() {
        return List.copyOf(missed);
    }
}
