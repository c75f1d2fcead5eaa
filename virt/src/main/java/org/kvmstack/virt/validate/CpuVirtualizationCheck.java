package org.kvmstack.virt.validate;

/** vmx (Intel VT-x) or svm (AMD-V) among the CPU flags. */
final class CpuVirtualizationCheck implements HostCheck {
    static final String NAME = "cpu-virtualization";
    private final VirtualizationFacts facts;

    CpuVirtualizationCheck(VirtualizationFacts facts) {
        this.facts = facts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        if (facts.hasVmx()) {
            return CheckResult.pass(NAME, "vmx (Intel VT-x) in /proc/cpuinfo");
        }
        if (facts.hasSvm()) {
            return CheckResult.pass(NAME, "svm (AMD-V) in /proc/cpuinfo");
        }
        String where = facts.runsUnderHypervisor() ? " (this host is itself a virtual machine)" : "";
        return CheckResult.warn(NAME, "no vmx/svm in /proc/cpuinfo" + where,
                "guests will run under TCG (software emulation), ~10-50x slower; enable VT-x/AMD-V in the firmware"
                        + (where.isEmpty() ? "" : " or nested virtualization on the outer hypervisor"));
    }
}
