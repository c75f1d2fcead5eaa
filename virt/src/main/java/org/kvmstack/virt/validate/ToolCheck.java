package org.kvmstack.virt.validate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A program kvmstack runs on the host: present on the search path, and its version. */
final class ToolCheck implements HostCheck {
    private final String name;
    private final List<String> candidates;
    private final String remedy;
    private final HostProbe probe;

    private ToolCheck(String name, List<String> candidates, String remedy, HostProbe probe) {
        this.name = name;
        this.candidates = List.copyOf(candidates);
        this.remedy = remedy;
        this.probe = probe;
    }

    static ToolCheck qemuImg(HostProbe probe) {
        return new ToolCheck("qemu-img", List.of("qemu-img"),
                "install qemu-img (Debian/Ubuntu: apt-get install qemu-utils)", probe);
    }

    /** The system emulator for this machine's architecture; RHEL ships it as /usr/libexec/qemu-kvm. */
    static ToolCheck qemuSystem(HostProbe probe, String arch) {
        return new ToolCheck("qemu-binary", List.of("qemu-system-" + arch, "qemu-kvm"),
                "install QEMU (Debian/Ubuntu: apt-get install qemu-system-x86)", probe);
    }

    /** Maps Java's {@code os.arch} to QEMU's target name. */
    static String qemuArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> javaArch;
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CheckResult run() {
        for (String candidate : candidates) {
            Optional<Path> executable = probe.findExecutable(candidate);
            if (executable.isPresent()) {
                String version = probe.versionOf(executable.get()).orElse("version unknown");
                return CheckResult.pass(name, candidate + ": " + version);
            }
        }
        return CheckResult.fail(name, String.join(" or ", candidates) + " not found", remedy);
    }
}
