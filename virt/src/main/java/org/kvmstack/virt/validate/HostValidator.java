package org.kvmstack.virt.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the host checks ({@code virt-host-validate} and more) and decides the domain type.
 *
 * <p>Contract: {@link #validate} never throws because of the host's state; each problem is a check result. It
 * throws {@link IllegalArgumentException} only for a skip name that is not a check (see {@link #CHECK_NAMES}).
 */
public final class HostValidator {
    /** Names of all checks, in the order they are reported. */
    public static final List<String> CHECK_NAMES = List.of(CpuVirtualizationCheck.NAME, KvmModuleCheck.NAME,
            KvmDeviceCheck.NAME, "vhost-net", "tun", CgroupCheck.NAME, IommuCheck.NAME, "qemu-binary", "qemu-img",
            LibvirtdCheck.NAME);

    private final HostProbe probe;
    private final LibvirtdProbe libvirtd;
    private final String qemuArch;

    /**
     * @param probe    where host facts are read
     * @param libvirtd how to reach libvirtd (injected so the caller's connection layer can be used)
     * @param javaArch {@code os.arch} of the host, to pick the QEMU system emulator
     */
    public HostValidator(HostProbe probe, LibvirtdProbe libvirtd, String javaArch) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.libvirtd = Objects.requireNonNull(libvirtd, "libvirtd");
        this.qemuArch = ToolCheck.qemuArch(Objects.requireNonNull(javaArch, "javaArch"));
    }

    /** This machine, through libvirt-java. */
    public static HostValidator local() {
        return new HostValidator(HostProbe.local(), LibvirtdProbe.readOnlyConnection(), System.getProperty("os.arch"));
    }

    /**
     * @param uri  libvirt URI whose daemon must be reachable
     * @param skip names of checks not to run (reported as INFO "skipped")
     */
    public ValidationReport validate(String uri, Set<String> skip) {
        for (String name : skip) {
            if (!CHECK_NAMES.contains(name)) {
                throw new IllegalArgumentException(
                        "no check named '" + name + "'; checks are: " + String.join(", ", CHECK_NAMES));
            }
        }
        VirtualizationFacts facts = VirtualizationFacts.read(probe);
        List<HostCheck> checks = List.of(new CpuVirtualizationCheck(facts), new KvmModuleCheck(facts),
                new KvmDeviceCheck(facts), DeviceNodeCheck.vhostNet(probe), DeviceNodeCheck.tun(probe),
                new CgroupCheck(probe), new IommuCheck(probe), ToolCheck.qemuSystem(probe, qemuArch),
                ToolCheck.qemuImg(probe), new LibvirtdCheck(libvirtd, uri));
        List<CheckResult> results = new ArrayList<>();
        for (HostCheck check : checks) {
            results.add(skip.contains(check.name())
                    ? CheckResult.info(check.name(), "skipped")
                    : check.run());
        }
        return new ValidationReport(results, DomainTypeVerdict.decide(facts));
    }
}
