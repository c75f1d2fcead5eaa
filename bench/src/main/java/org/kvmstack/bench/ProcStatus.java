package org.kvmstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident set size from {@code /proc/<pid>/status} (the kernel's own account, {@code VmRSS}). */
public final class ProcStatus {
    private ProcStatus() {
    }

    /**
     * @return VmRSS in KiB
     * @throws IOException when the process is gone or the field is missing
     */
    public static long rssKib(long pid) throws IOException {
        return parseRssKib(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    static long parseRssKib(String status) throws IOException {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                if (parts.length == 2 && parts[1].equals("kB")) {
                    return Long.parseLong(parts[0]);
                }
            }
        }
        throw new IOException("no VmRSS line in /proc/<pid>/status");
    }
}
