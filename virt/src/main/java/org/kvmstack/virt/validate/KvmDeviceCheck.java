package org.kvmstack.virt.validate;

/** /dev/kvm present and usable: opens, answers API version 12 and creates a VM. */
final class KvmDeviceCheck implements HostCheck {
    static final String NAME = "kvm-device";
    private final VirtualizationFacts facts;

    KvmDeviceCheck(VirtualizationFacts facts) {
        this.facts = facts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        KvmDeviceState device = facts.kvmDevice();
        if (!device.present()) {
            return CheckResult.warn(NAME, "/dev/kvm is missing",
                    "guests will run under TCG (software emulation), ~10-50x slower; load kvm and kvm_intel/kvm_amd");
        }
        if (!device.usable()) {
            return CheckResult.warn(NAME, "/dev/kvm is not usable: " + device.error(),
                    "guests will run under TCG; run as root or add the user to the kvm group");
        }
        String api = "API version " + device.apiVersion().getAsInt() + ", KVM_CREATE_VM works";
        if (facts.isParavirtualNested()) {
            return CheckResult.info(NAME, "/dev/kvm opens (" + api + ") but is kvm_pvm");
        }
        return CheckResult.pass(NAME, "/dev/kvm usable (" + api + ")");
    }
}
