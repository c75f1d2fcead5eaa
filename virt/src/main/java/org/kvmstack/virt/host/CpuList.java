package org.kvmstack.virt.host;

import java.util.ArrayList;
import java.util.List;

/** Linux/libvirt CPU list syntax: "0-3,8,10-11". */
final class CpuList {
    private CpuList() {
    }

    static List<Integer> parse(String list) {
        List<Integer> cpus = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return cpus;
        }
        for (String part : list.trim().split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                cpus.add(Integer.parseInt(part.trim()));
            } else {
                int from = Integer.parseInt(part.substring(0, dash).trim());
                int to = Integer.parseInt(part.substring(dash + 1).trim());
                for (int c = from; c <= to; c++) {
                    cpus.add(c);
                }
            }
        }
        return List.copyOf(cpus);
    }
}
