package org.kvmstack.cli.host;

import java.util.ArrayList;
import java.util.List;

/** How NUMA figures are written for people. */
final class NumaText {
    private NumaText() {}

    /** {@code [0,1,2,3,8]} becomes {@code 0-3,8}, as {@code lscpu} writes CPU lists. */
    static String cpuRanges(List<Integer> cpus) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < cpus.size()) {
            int start = cpus.get(i);
            int end = start;
            while (i + 1 < cpus.size() && cpus.get(i + 1) == end + 1) {
                end = cpus.get(++i);
            }
            parts.add(start == end ? String.valueOf(start) : start + "-" + end);
            i++;
        }
        return String.join(",", parts);
    }

    /** KiB as whole MiB, as numactl and numastat print them; a negative amount means the driver cannot say. */
    static String mib(long kib) {
        return kib < 0 ? "unknown" : kib / 1024 + " MiB";
    }
}
