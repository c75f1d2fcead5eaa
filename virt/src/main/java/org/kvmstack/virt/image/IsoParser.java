package org.kvmstack.virt.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/** ISO 9660: volume descriptors from sector 16 (offset 0x8000); the primary one holds the volume id and size. */
final class IsoParser implements FormatParser {
    private static final int FIRST_DESCRIPTOR = 0x8000;
    private static final int DESCRIPTOR_BYTES = 2048;
    private static final byte[] STANDARD_ID = Bytes.ascii("CD001");
    private static final int PRIMARY = 1;
    private static final int TERMINATOR = 255;

    @Override
    public ImageFormat format() {
        return ImageFormat.ISO;
    }

    @Override
    public boolean matches(CapturedBytes bytes) {
        return bytes.read(FIRST_DESCRIPTOR + 1, STANDARD_ID.length)
                .map(b -> Bytes.startsWith(b, 0, STANDARD_ID)).orElse(false);
    }

    @Override
    public void want(CapturedBytes bytes) {
        // the descriptors the prefix holds are the ones read; real ISOs put the primary descriptor first
    }

    @Override
    public FormatFindings parse(CapturedBytes bytes, long fileSize) {
        FormatFindings findings = new FormatFindings(ImageFormat.ISO);
        int slots = (FormatDetector.PREFIX_BYTES - FIRST_DESCRIPTOR) / DESCRIPTOR_BYTES;
        for (int i = 0; i < slots; i++) {
            Optional<byte[]> descriptor = bytes.read(FIRST_DESCRIPTOR + (long) i * DESCRIPTOR_BYTES, DESCRIPTOR_BYTES);
            if (descriptor.isEmpty() || !Bytes.startsWith(descriptor.get(), 1, STANDARD_ID)) {
                break;
            }
            byte[] d = descriptor.get();
            int type = d[0] & 0xFF;
            if (type == TERMINATOR) {
                break;
            }
            if (type == PRIMARY) {
                String volumeId = new String(d, 40, 32, StandardCharsets.US_ASCII).strip();
                findings.isoVolumeId = Optional.of(Bytes.printable(volumeId.getBytes(StandardCharsets.US_ASCII)));
                long blocks = Bytes.u32le(d, 80);
                int blockSize = Bytes.u16le(d, 128);
                findings.virtualSize = OptionalLong.of(blocks * blockSize);
                if (blocks * blockSize > fileSize) {
                    findings.defect("volume of " + blocks * blockSize + " bytes is larger than the " + fileSize
                            + "-byte file (truncated)");
                }
                return findings;
            }
        }
        findings.defect("no primary volume descriptor");
        return findings;
    }
}
