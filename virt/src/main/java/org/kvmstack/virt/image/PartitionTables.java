package org.kvmstack.virt.image;

/** Recognises an MBR or a GPT at the start of an image; both are ordinary content of a raw disk. */
final class PartitionTables {
    private static final byte[] GPT_SIGNATURE = Bytes.ascii("EFI PART");

    private PartitionTables() {
    }

    static PartitionTable detect(CapturedBytes bytes) {
        byte[] head = bytes.readAvailable(0, 1024);
        if (head.length < 512 || (head[510] & 0xFF) != 0x55 || (head[511] & 0xFF) != 0xAA) {
            return PartitionTable.NONE;
        }
        if (Bytes.startsWith(head, 512, GPT_SIGNATURE)) {
            return PartitionTable.GPT;
        }
        for (int entry = 0; entry < 4; entry++) {
            if (head[446 + 16 * entry + 4] != 0) { // partition type byte: 0 is an unused entry
                return PartitionTable.MBR;
            }
        }
        return PartitionTable.NONE;
    }
}
