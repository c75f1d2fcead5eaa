package org.kvmstack.virt.validate;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The facts that decide between hardware acceleration and TCG, read once and shared by the checks and the verdict.
 *
 * @param cpuFlags   flags of the first CPU in {@code /proc/cpuinfo} (x86 {@code flags} line)
 * @param kvmModules which of {@code kvm}, {@code kvm_intel}, {@code kvm_amd}, {@code kvm_pvm} are in {@code /sys/module}
 * @param kvmDevice  what opening {@code /dev/kvm} told us
 */
public record VirtualizationFacts(Set<String> cpuFlags, Set<String> kvmModules, KvmDeviceState kvmDevice) {
    public static final String CPUINFO = "/proc/cpuinfo";
    public static final String KVM_DEVICE = "/dev/kvm";
    public static final String MODULES = "/sys/module";
    /** The paravirtual nested hypervisor module: its /dev/kvm works but cannot boot stock guest kernels. */
    public static final String KVM_PVM = "kvm_pvm";

    private static final Set<String> KVM_MODULE_NAMES = Set.of("kvm", "kvm_intel", "kvm_amd", KVM_PVM);

    public VirtualizationFacts {
        cpuFlags = Set.copyOf(cpuFlags);
        kvmModules = Set.copyOf(kvmModules);
    }

    public static VirtualizationFacts read(HostProbe probe) {
        Set<String> flags = probe.readFile(CPUINFO).map(VirtualizationFacts::firstFlagsLine).orElse(Set.of());
        Set<String> modules = new LinkedHashSet<>();
        for (String name : KVM_MODULE_NAMES) {
            if (probe.exists(MODULES + "/" + name)) {
                modules.add(name);
            }
        }
        return new VirtualizationFacts(flags, modules, probe.probeKvmDevice(KVM_DEVICE));
    }

    /** Every CPU lists the same flags on the hosts we care about; the first {@code flags} line is enough. */
    private static Set<String> firstFlagsLine(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("flags")) {
                return Set.copyOf(Arrays.asList(line.substring(colon + 1).strip().split("\\s+")));
            }
        }
        return Set.of();
    }

    public boolean hasVmx() {
        return cpuFlags.contains("vmx");
    }

    public boolean hasSvm() {
        return cpuFlags.contains("svm");
    }

    public boolean hasHardwareVirtualization() {
        return hasVmx() || hasSvm();
    }

    /** The CPU says it runs under a hypervisor (we are a guest ourselves). */
    public boolean runsUnderHypervisor() {
        return cpuFlags.contains("hypervisor");
    }

    public boolean isParavirtualNested() {
        return kvmModules.contains(KVM_PVM);
    }
}
