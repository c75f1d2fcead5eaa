package org.kvmstack.virt.image;

import java.util.OptionalLong;

/**
 * Formats recognised by a magic number and sized by one header field: VHD, VDI, QED and LUKS. They are detected so
 * that a mislabelled upload is caught; none of them is accepted by the default policy.
 */
final class SimpleHeaderParsers {
    private SimpleHeaderParsers() {
    }

    /** Where the magic is, how many header bytes are needed, and how the virtual size is read. */
    private interface SizeReader {
        OptionalLong size(byte[] header, long fileSize, FormatFindings findings);
    }

    private static final class MagicParser implements FormatParser {
        private final ImageFormat format;
        private final int magicOffset;
        private final byte[] magic;
        private final int headerBytes;
        private final SizeReader sizeReader;

        MagicParser(ImageFormat format, int magicOffset, byte[] magic, int headerBytes, SizeReader sizeReader) {
            this.format = format;
            this.magicOffset = magicOffset;
            this.magic = magic;
            this.headerBytes = headerBytes;
            this.sizeReader = sizeReader;
        }

        @Override
        public ImageFormat format() {
            return format;
        }

        @Override
        public boolean matches(CapturedBytes bytes) {
            return bytes.read(magicOffset, magic.length).map(b -> Bytes.startsWith(b, 0, magic)).orElse(false);
        }

        @Override
        public void want(CapturedBytes bytes) {
            // the header lies inside the detector's prefix
        }

        @Override
        public FormatFindings parse(CapturedBytes bytes, long fileSize) {
            FormatFindings findings = new FormatFindings(format);
            byte[] header = bytes.readAvailable(0, headerBytes);
            if (header.length < headerBytes) {
                findings.defect("header truncated: " + header.length + " of " + headerBytes + " bytes present");
                return findings;
            }
            findings.virtualSize = sizeReader.size(header, fileSize, findings);
            return findings;
        }
    }

    private static OptionalLong nonNegative(long value, FormatFindings findings) {
        if (value < 0) {
            findings.defect("virtual size " + Long.toUnsignedString(value) + " does not fit in 63 bits");
            return OptionalLong.empty();
        }
        return OptionalLong.of(value);
    }

    /** VHD (QEMU "vpc"): a dynamic disk starts with a copy of its footer; current size is big-endian at 48. */
    static FormatParser vhd() {
        return new MagicParser(ImageFormat.VHD, 0, Bytes.ascii("conectix"), 56,
                (h, fileSize, f) -> nonNegative(Bytes.u64be(h, 48), f));
    }

    /** VDI: signature 0xbeda107f at 0x40, disk size at 0x170. */
    static FormatParser vdi() {
        return new MagicParser(ImageFormat.VDI, 0x40, new byte[] {0x7F, 0x10, (byte) 0xDA, (byte) 0xBE}, 0x178,
                (h, fileSize, f) -> nonNegative(Bytes.u64le(h, 0x170), f));
    }

    /** QED: "QED\0", image size little-endian at 48. */
    static FormatParser qed() {
        return new MagicParser(ImageFormat.QED, 0, new byte[] {'Q', 'E', 'D', 0}, 56,
                (h, fileSize, f) -> nonNegative(Bytes.u64le(h, 48), f));
    }

    /** LUKS: the payload follows the key material; LUKS1 states its offset in sectors, LUKS2 in JSON (not read). */
    static FormatParser luks() {
        return new MagicParser(ImageFormat.LUKS, 0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xBA, (byte) 0xBE}, 108,
                (h, fileSize, f) -> {
                    if (Bytes.u16be(h, 6) != 1) {
                        return OptionalLong.empty();
                    }
                    long payload = Bytes.u32be(h, 104) * 512;
                    return payload <= fileSize ? OptionalLong.of(fileSize - payload) : OptionalLong.empty();
                });
    }
}
