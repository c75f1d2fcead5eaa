package org.kvmstack.virt.image;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The verdict of {@link ImageFormatInspector}: what the bytes are, not whether they are acceptable (that is
 * {@link ImageSafetyPolicy}'s job).
 *
 * @param format          the detected format; {@link ImageFormat#RAW} when no signature matched
 * @param matchedFormats  every format whose signature matched; more than one means the file is ambiguous (e.g. an
 *                        ISO that also carries a qcow2 header) and must not be trusted
 * @param virtualSize     the guest-visible size in bytes, when the header states it (raw: the file size)
 * @param fileSize        the number of bytes inspected (the whole file or stream)
 * @param partitionTable  an MBR or GPT found at the start (meaningful for raw images)
 * @param qcow2           qcow2 header details when a qcow2 signature matched
 * @param vmdk            VMDK descriptor details when a VMDK signature matched
 * @param isoVolumeId     the ISO 9660 primary volume id (e.g. {@code config-2}) when an ISO signature matched
 * @param defects         why a matched header is truncated or inconsistent; empty when it is sound
 */
public record ImageInfo(
        ImageFormat format,
        List<ImageFormat> matchedFormats,
        OptionalLong virtualSize,
        long fileSize,
        PartitionTable partitionTable,
        Optional<Qcow2Details> qcow2,
        Optional<VmdkDetails> vmdk,
        Optional<String> isoVolumeId,
        List<String> defects) {

    public ImageInfo {
        matchedFormats = List.copyOf(matchedFormats);
        defects = List.copyOf(defects);
    }

    /** True when more than one format signature matched. */
    public boolean ambiguous() {
        return matchedFormats.size() > 1;
    }
}
