package org.kvmstack.cloud.configdrive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/**
 * One ECMA-119 directory record (9.1) with its Rock Ridge system use entries, for a directory's extent.
 * Its length is known before the image is laid out (it does not depend on where things land), which is what
 * lets {@link Iso9660Writer} size every directory first and place extents after.
 *
 * <p>System use entries (SUSP 1.10 / RRIP 1.10, "RRIP_1991A"):
 * <ul>
 *   <li>{@code SP} in the root's "." record only: tells readers SUSP is in use and that entries start right at
 *       the system use area (skip 0). Linux's isofs and libisofs both look for it there.</li>
 *   <li>{@code ER} beside it: names the extension (RRIP_1991A), which libisofs (xorriso) requires before it
 *       trusts the other entries.</li>
 *   <li>{@code PX} everywhere: POSIX mode and link count, so files read as 0444 and directories as 0555, owned
 *       by root, instead of whatever a mount without Rock Ridge would invent.</li>
 *   <li>{@code NM} on named entries: the real, lower-case, multi-dot name ({@code meta_data.json},
 *       {@code 2012-08-10}) that Linux shows instead of the upper-case d-character identifier.</li>
 * </ul>
 * No {@code TF}: the record's own recording date already gives every reader the time. Immutable.
 */
final class IsoDirectoryRecord {
    static final int FILE_MODE = 0100444;
    static final int DIRECTORY_MODE = 040555;
    private static final int FIXED_LENGTH = 33;
    private static final int MAX_LENGTH = 255;
    private static final byte FLAG_DIRECTORY = 0x02;
    private static final String RRIP_ID = "RRIP_1991A";
    private static final String RRIP_DESCRIPTOR = "THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS";
    // The record must fit in 255 bytes together with SP and PX, so the source text is the short form.
    private static final String RRIP_SOURCE = "SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR";

    private final byte[] identifier;
    private final boolean directory;
    private final byte[] systemUse;

    private IsoDirectoryRecord(byte[] identifier, boolean directory, byte[] systemUse) {
        this.identifier = identifier;
        this.directory = directory;
        this.systemUse = systemUse;
        if (length() > MAX_LENGTH) {
            throw new ConfigDriveException("config drive entry name too long for one ISO 9660 directory record: "
                    + new String(identifier, StandardCharsets.US_ASCII));
        }
    }

    /** The "." record of a directory; {@code volumeRoot} adds the SP and ER entries that announce Rock Ridge. */
    static IsoDirectoryRecord self(int links, boolean volumeRoot) {
        ByteArrayOutputStream su = new ByteArrayOutputStream();
        if (volumeRoot) {
            su.writeBytes(new byte[] {'S', 'P', 7, 1, (byte) 0xBE, (byte) 0xEF, 0});
        }
        su.writeBytes(px(DIRECTORY_MODE, links));
        if (volumeRoot) {
            su.writeBytes(er());
        }
        return new IsoDirectoryRecord(new byte[] {0}, true, su.toByteArray());
    }

    /**
     * The root's record inside the primary volume descriptor: exactly 34 bytes (ECMA-119 8.4.18), so no system
     * use entries; readers find Rock Ridge in the root extent's own "." record.
     */
    static IsoDirectoryRecord rootInDescriptor() {
        return new IsoDirectoryRecord(new byte[] {0}, true, new byte[0]);
    }

    /** The ".." record (for the root it points to the root itself, ECMA-119 6.8.2.2). */
    static IsoDirectoryRecord parent(int links) {
        return new IsoDirectoryRecord(new byte[] {1}, true, px(DIRECTORY_MODE, links));
    }

    /** A named entry: a sub-directory (with its link count) or a file (one link). */
    static IsoDirectoryRecord named(String isoIdentifier, String name, boolean directory, int links) {
        ByteArrayOutputStream su = new ByteArrayOutputStream();
        su.writeBytes(px(directory ? DIRECTORY_MODE : FILE_MODE, links));
        su.writeBytes(nm(name));
        return new IsoDirectoryRecord(isoIdentifier.getBytes(StandardCharsets.US_ASCII), directory, su.toByteArray());
    }

    /** Bytes this record takes: always even, as the system use area must start and end on an even offset. */
    int length() {
        return identifierEnd() + systemUse.length + (systemUse.length % 2);
    }

    boolean isDirectory() {
        return directory;
    }

    /** Writes the record at {@code at}, pointing to {@code size} bytes at sector {@code extent}. */
    void write(byte[] image, int at, long extent, long size, LocalDateTime recorded) {
        image[at] = (byte) length();
        image[at + 1] = 0; // no extended attribute record
        IsoBytes.bothEndian32(image, at + 2, extent);
        IsoBytes.bothEndian32(image, at + 10, size);
        IsoBytes.recordDate(image, at + 18, recorded);
        image[at + 25] = directory ? FLAG_DIRECTORY : 0;
        image[at + 26] = 0; // not interleaved
        image[at + 27] = 0;
        IsoBytes.bothEndian16(image, at + 28, 1); // volume sequence number: a one-volume set
        image[at + 32] = (byte) identifier.length;
        System.arraycopy(identifier, 0, image, at + FIXED_LENGTH, identifier.length);
        System.arraycopy(systemUse, 0, image, at + identifierEnd(), systemUse.length);
    }

    private int identifierEnd() {
        // A padding byte follows an even-length identifier so that the system use area starts on an even offset.
        return FIXED_LENGTH + identifier.length + (identifier.length % 2 == 0 ? 1 : 0);
    }

    /** RRIP 1.10 PX: mode, links, uid 0, gid 0, each both-endian (36 bytes; 1.12's inode number is not used). */
    private static byte[] px(int mode, int links) {
        byte[] px = new byte[36];
        px[0] = 'P';
        px[1] = 'X';
        px[2] = 36;
        px[3] = 1;
        IsoBytes.bothEndian32(px, 4, mode);
        IsoBytes.bothEndian32(px, 12, links);
        return px;
    }

    /** RRIP NM with no flags: the whole name in one entry (our names are short). */
    private static byte[] nm(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_LENGTH - 5) {
            throw new ConfigDriveException("config drive entry name too long: " + name);
        }
        byte[] nm = new byte[5 + utf8.length];
        nm[0] = 'N';
        nm[1] = 'M';
        nm[2] = (byte) nm.length;
        nm[3] = 1;
        nm[4] = 0;
        System.arraycopy(utf8, 0, nm, 5, utf8.length);
        return nm;
    }

    /** SUSP ER naming RRIP 1.10, so that readers which check extensions (libisofs) accept the entries. */
    private static byte[] er() {
        byte[] id = RRIP_ID.getBytes(StandardCharsets.US_ASCII);
        byte[] descriptor = RRIP_DESCRIPTOR.getBytes(StandardCharsets.US_ASCII);
        byte[] source = RRIP_SOURCE.getBytes(StandardCharsets.US_ASCII);
        int length = 8 + id.length + descriptor.length + source.length;
        ByteArrayOutputStream er = new ByteArrayOutputStream(length);
        er.writeBytes(new byte[] {'E', 'R', (byte) length, 1, (byte) id.length, (byte) descriptor.length,
                (byte) source.length, 1});
        er.writeBytes(id);
        er.writeBytes(descriptor);
        er.writeBytes(source);
        return er.toByteArray();
    }
}
