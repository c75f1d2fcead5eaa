package org.kvmstack.virt.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VMDK: a {@code KDMV} sparse extent with an embedded descriptor, or a text-only descriptor file. The descriptor is
 * what matters for safety: its extent lines name the files QEMU will open.
 */
final class VmdkParser implements FormatParser {
    private static final byte[] SPARSE_MAGIC = {'K', 'D', 'M', 'V'};
    private static final int SECTOR = 512;
    /** Real descriptors are a few KiB; QEMU itself refuses descriptors above 1 MiB. */
    private static final int MAX_DESCRIPTOR = 1 << 20;
    /** QEMU probes a text descriptor within the first 2 KiB. */
    private static final int TEXT_PROBE = 2048;
    private static final Pattern CREATE_TYPE = Pattern.compile("^createType\\s*=\\s*\"([^\"]*)\"\\s*$");
    private static final Pattern EXTENT =
            Pattern.compile("^(RW|RDONLY|NOACCESS)\\s+(\\d+)\\s+(\\w+)(?:\\s+\"([^\"]*)\")?.*$");

    @Override
    public ImageFormat format() {
        return ImageFormat.VMDK;
    }

    @Override
    public boolean matches(CapturedBytes bytes) {
        return sparse(bytes) || textDescriptor(bytes);
    }

    private static boolean sparse(CapturedBytes bytes) {
        return bytes.read(0, 4).map(b -> Bytes.startsWith(b, 0, SPARSE_MAGIC)).orElse(false);
    }

    /**
     * Like QEMU's probe: skipping comment and blank lines, the first line is {@code version=1|2|3}. Without a
     * {@code -f}, QEMU would open such a text file as VMDK and follow its extents.
     */
    private static boolean textDescriptor(CapturedBytes bytes) {
        String text = new String(bytes.readAvailable(0, TEXT_PROBE), StandardCharsets.ISO_8859_1);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            text = text.substring(0, nul);
        }
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            return trimmed.matches("version\\s*=\\s*[123]");
        }
        return false;
    }

    @Override
    public void want(CapturedBytes bytes) {
        if (!sparse(bytes)) {
            return; // a text descriptor is read from the prefix
        }
        bytes.read(0, 44).ifPresent(h -> {
            long descOffset = Bytes.u64le(h, 28);
            long descSectors = Bytes.u64le(h, 36);
            if (descOffset > 0 && descSectors > 0 && descOffset < Long.MAX_VALUE / SECTOR) {
                int length = (int) Math.min((long) MAX_DESCRIPTOR, Math.min(descSectors, MAX_DESCRIPTOR) * SECTOR);
                bytes.want(new ByteRegion(descOffset * SECTOR, length), "vmdk descriptor");
            }
        });
    }

    @Override
    public FormatFindings parse(CapturedBytes bytes, long fileSize) {
        FormatFindings findings = new FormatFindings(ImageFormat.VMDK);
        boolean sparse = sparse(bytes);
        String descriptor;
        if (sparse) {
            byte[] h = bytes.readAvailable(0, 44);
            if (h.length < 44) {
                findings.defect("sparse header truncated: " + h.length + " of 44 bytes present");
                return findings;
            }
            long capacity = Bytes.u64le(h, 12);
            long descOffset = Bytes.u64le(h, 28);
            long descSectors = Bytes.u64le(h, 36);
            if (capacity < 0 || capacity > Long.MAX_VALUE / SECTOR) {
                findings.defect("capacity of " + Long.toUnsignedString(capacity) + " sectors does not fit in 63 bits");
            } else {
                findings.virtualSize = OptionalLong.of(capacity * SECTOR);
            }
            if (descOffset == 0 || descSectors == 0) {
                findings.defect("sparse header has no embedded descriptor");
                return findings;
            }
            if (descSectors < 0 || descOffset < 0
                    || descSectors > MAX_DESCRIPTOR / SECTOR || descOffset > Long.MAX_VALUE / SECTOR) {
                findings.defect("descriptor of " + Long.toUnsignedString(descSectors) + " sectors at sector "
                        + Long.toUnsignedString(descOffset) + " is out of bounds");
                return findings;
            }
            byte[] raw = bytes.readAvailable(descOffset * SECTOR, (int) (descSectors * SECTOR));
            if (raw.length == 0) {
                findings.defect("descriptor at offset " + descOffset * SECTOR + " is missing (file truncated)");
                return findings;
            }
            descriptor = new String(raw, StandardCharsets.ISO_8859_1);
        } else {
            descriptor = new String(bytes.readAvailable(0, FormatDetector.PREFIX_BYTES), StandardCharsets.ISO_8859_1);
        }
        int nul = descriptor.indexOf('\0');
        if (nul >= 0) {
            descriptor = descriptor.substring(0, nul);
        }
        String createType = "";
        List<VmdkExtent> extents = new ArrayList<>();
        long extentSectors = 0;
        for (String line : descriptor.split("\n", -1)) {
            String trimmed = line.strip();
            Matcher type = CREATE_TYPE.matcher(trimmed);
            if (type.matches()) {
                createType = Bytes.printable(type.group(1).getBytes(StandardCharsets.ISO_8859_1));
                continue;
            }
            Matcher extent = EXTENT.matcher(trimmed);
            if (extent.matches()) {
                long sectors;
                try {
                    sectors = Long.parseLong(extent.group(2));
                } catch (NumberFormatException tooLong) {
                    findings.defect("extent size " + extent.group(2) + " does not fit in 63 bits");
                    sectors = 0;
                }
                extentSectors = sectors > Long.MAX_VALUE - extentSectors ? Long.MAX_VALUE : extentSectors + sectors;
                Optional<String> file = Optional.ofNullable(extent.group(4))
                        .map(name -> Bytes.printable(name.getBytes(StandardCharsets.ISO_8859_1)));
                extents.add(new VmdkExtent(extent.group(1), sectors, extent.group(3), file));
            }
        }
        if (!sparse) {
            if (extentSectors > Long.MAX_VALUE / SECTOR) {
                findings.defect("extents total more than 2^63 bytes");
            } else {
                findings.virtualSize = OptionalLong.of(extentSectors * SECTOR);
            }
        }
        findings.vmdk = Optional.of(new VmdkDetails(sparse, createType, extents));
        return findings;
    }
}
