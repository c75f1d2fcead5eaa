package org.kvmstack.virt.validate;

/** IOMMU for PCI passthrough; only a warning, guests run without it. */
final class IommuCheck implements HostCheck {
    static final String NAME = "iommu";
    private final HostProbe probe;

    IommuCheck(HostProbe probe) {
        this.probe = probe;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        int groups = probe.list("/sys/kernel/iommu_groups").size();
        if (groups > 0) {
            return CheckResult.pass(NAME, groups + " IOMMU groups");
        }
        return CheckResult.warn(NAME, "no IOMMU groups in /sys/kernel/iommu_groups",
                "PCI passthrough unavailable; enable VT-d/AMD-Vi in the firmware and boot with intel_iommu=on"
                        + " or amd_iommu=on if you need it");
    }
}
