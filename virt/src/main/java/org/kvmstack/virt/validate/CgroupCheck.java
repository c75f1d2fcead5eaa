package org.kvmstack.virt.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cgroup controllers libvirt uses to bound guests: v1 {@code cpu}, {@code memory}, {@code devices} mounts, or the
 * v2 equivalents {@code cpu} and {@code memory} in {@code cgroup.controllers} (v2 controls devices through eBPF and
 * needs no controller for it).
 */
final class CgroupCheck implements HostCheck {
    static final String NAME = "cgroups";
    static final String MOUNTS = "/proc/self/mounts";
    static final String V2_ROOT = "/sys/fs/cgroup";
    private static final List<String> V1_REQUIRED = List.of("cpu", "memory", "devices");
    private static final List<String> V2_REQUIRED = List.of("cpu", "memory");

    private final HostProbe probe;

    CgroupCheck(HostProbe probe) {
        this.probe = probe;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        List<String[]> mounts = probe.readFile(MOUNTS).map(CgroupCheck::parseMounts).orElse(List.of());
        boolean unifiedAtRoot = mounts.stream().anyMatch(m -> m[1].equals(V2_ROOT) && m[2].equals("cgroup2"));
        if (unifiedAtRoot) {
            Set<String> controllers = new TreeSet<>(List.of(probe.readFile(V2_ROOT + "/cgroup.controllers")
                    .orElse("").strip().split("\\s+")));
            return judge("cgroup v2", V2_REQUIRED, controllers,
                    "enable them in the parent's cgroup.subtree_control");
        }
        Set<String> controllers = new TreeSet<>();
        for (String[] mount : mounts) {
            if (mount[2].equals("cgroup")) {
                controllers.addAll(List.of(mount[3].split(",")));
            }
        }
        if (controllers.isEmpty()) {
            return CheckResult.warn(NAME, "no cgroup filesystem mounted",
                    "mount cgroup2 on /sys/fs/cgroup; without cgroups guests' CPU and memory are not bounded");
        }
        return judge("cgroup v1", V1_REQUIRED, controllers, "mount the cgroup v1 hierarchies for them");
    }

    private static CheckResult judge(String version, List<String> required, Set<String> present, String remedy) {
        List<String> missing = new ArrayList<>();
        for (String controller : required) {
            if (!present.contains(controller)) {
                missing.add(controller);
            }
        }
        if (missing.isEmpty()) {
            return CheckResult.pass(NAME, version + ": " + String.join(", ", required) + " controllers available");
        }
        return CheckResult.warn(NAME, version + ": controllers missing: " + String.join(", ", missing),
                remedy + "; without them libvirt cannot bound guests' resources");
    }

    /** Each entry: device, mount point, type, options (the first four fields of a mounts line). */
    private static List<String[]> parseMounts(String text) {
        List<String[]> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 4) {
                mounts.add(fields);
            }
        }
        return mounts;
    }
}
