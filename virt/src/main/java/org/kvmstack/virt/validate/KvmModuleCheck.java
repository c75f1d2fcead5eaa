package org.kvmstack.virt.validate;

/** The kvm module and its vendor part (kvm_intel/kvm_amd), and the paravirtual nested kvm_pvm case. */
final class KvmModuleCheck implements HostCheck {
    static final String NAME = "kvm-modules";
    private final VirtualizationFacts facts;

    KvmModuleCheck(VirtualizationFacts facts) {
        this.facts = facts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        if (facts.isParavirtualNested()) {
            return CheckResult.warn(NAME, "kvm_pvm loaded: /dev/kvm is a paravirtual nested hypervisor",
                    "guests will run under TCG (software emulation), ~10-50x slower: kvm_pvm cannot boot stock guest"
                            + " kernels");
        }
        boolean kvm = facts.kvmModules().contains("kvm");
        boolean intel = facts.kvmModules().contains("kvm_intel");
        boolean amd = facts.kvmModules().contains("kvm_amd");
        if (kvm && (intel || amd)) {
            return CheckResult.pass(NAME, "kvm and " + (intel ? "kvm_intel" : "kvm_amd") + " loaded");
        }
        String vendorModule = facts.hasSvm() ? "kvm_amd" : "kvm_intel";
        if (!facts.hasHardwareVirtualization()) {
            return CheckResult.warn(NAME, kvm ? "kvm loaded without a vendor module" : "kvm not loaded",
                    "none needed for TCG; KVM needs vmx/svm first");
        }
        return CheckResult.warn(NAME, kvm ? "kvm loaded, " + vendorModule + " not loaded" : "kvm not loaded",
                "load " + vendorModule + " (modprobe " + vendorModule + ")");
    }
}
