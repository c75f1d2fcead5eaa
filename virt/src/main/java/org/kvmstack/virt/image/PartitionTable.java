package org.kvmstack.virt.image;

/** The partition table found at the start of a raw image, if any. A partition table does not make a format. */
public enum PartitionTable {
    NONE,
    MBR,
    GPT
}
