package org.kvmstack.virt;

import java.util.Set;

/** Flags of {@code virDomainMigrate*} ({@code virDomainMigrateFlags}). */
public enum MigrationFlag {
    LIVE(1),
    PEER2PEER(2),
    TUNNELLED(4),
    PERSIST_DEST(8),
    UNDEFINE_SOURCE(16),
    PAUSED(32),
    /** Copy all disks (block migration). */
    COPY_STORAGE_ALL(64),
    COPY_STORAGE_INC(128),
    CHANGE_PROTECTION(256),
    /** Migrate even when libvirt considers it unsafe (e.g. a shared disk without cache=none). */
    UNSAFE(512),
    OFFLINE(1024),
    COMPRESSED(2048),
    ABORT_ON_ERROR(4096),
    AUTO_CONVERGE(8192);

    final long bit;

    MigrationFlag(long bit) {
        this.bit = bit;
    }

    static long bits(Set<MigrationFlag> flags) {
        return flags.stream().mapToLong(f -> f.bit).reduce(0, (a, b) -> a | b);
    }
}
