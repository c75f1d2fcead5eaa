package org.kvmstack.virt.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What one format parser concluded; the detector merges the findings of every parser whose signature matched. */
final class FormatFindings {
    final ImageFormat format;
    OptionalLong virtualSize = OptionalLong.empty();
    Optional<Qcow2Details> qcow2 = Optional.empty();
    Optional<VmdkDetails> vmdk = Optional.empty();
    Optional<String> isoVolumeId = Optional.empty();
    final List<String> defects = new ArrayList<>();

    FormatFindings(ImageFormat format) {
        this.format = format;
    }

    void defect(String what) {
        defects.add(format.diskFormat() + ": " + what);
    }
}
