package org.kvmstack.virt.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which domain type guests on this host get, and why.
 *
 * @param domainType {@code kvm} only when the CPU has vmx/svm, /dev/kvm is usable and it is not kvm_pvm
 * @param reasons    why; for {@code qemu}, every obstacle to KVM found (never empty)
 */
public record DomainTypeVerdict(DomainType domainType, List<String> reasons) {
    public DomainTypeVerdict {
        Objects.requireNonNull(domainType, "domainType");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a verdict needs a reason");
        }
    }

    /** Decides from the facts; pure, so every combination can be tested without a machine. */
    public static DomainTypeVerdict decide(VirtualizationFacts facts) {
        List<String> obstacles = new ArrayList<>();
        KvmDeviceState device = facts.kvmDevice();
        if (facts.isParavirtualNested()) {
            obstacles.add("/dev/kvm is kvm_pvm (paravirtual nested), it cannot boot stock guests");
        }
        if (!facts.hasHardwareVirtualization()) {
            obstacles.add("no vmx/svm in /proc/cpuinfo");
        }
        if (!device.present()) {
            obstacles.add("/dev/kvm is missing");
        } else if (!device.usable()) {
            obstacles.add("/dev/kvm is not usable: " + device.error());
        }
        if (obstacles.isEmpty()) {
            String vendor = facts.hasVmx() ? "vmx (Intel VT-x)" : "svm (AMD-V)";
            return new DomainTypeVerdict(DomainType.KVM, List.of(vendor + " and a usable /dev/kvm"));
        }
        return new DomainTypeVerdict(DomainType.QEMU, obstacles);
    }

    /** One line for people, e.g. {@code qemu (TCG) — /dev/kvm is kvm_pvm …, no vmx/svm in /proc/cpuinfo}. */
    public String summary() {
        String type = domainType == DomainType.KVM ? "kvm" : "qemu (TCG)";
        return type + " — " + String.join(", ", reasons);
    }
}
