package org.kvmstack.virt;

import java.util.Set;

/** Flags of {@code virDomainUndefineFlags}: what else to remove with the definition. */
public enum UndefineFlag {
    MANAGED_SAVE(1),
    SNAPSHOTS_METADATA(2),
    NVRAM(4),
    KEEP_NVRAM(8),
    CHECKPOINTS_METADATA(16);

    final int bit;

    UndefineFlag(int bit) {
        this.bit = bit;
    }

    static int bits(Set<UndefineFlag> flags) {
        return flags.stream().mapToInt(f -> f.bit).reduce(0, (a, b) -> a | b);
    }
}
