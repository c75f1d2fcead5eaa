package org.kvmstack.virt.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Writes a directory tree that looks like a host's /proc, /sys and /dev, for the probe to read. */
final class HostFixture {
    static final String V1_MOUNTS = String.join("\n",
            "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0",
            "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0",
            "cgroup /sys/fs/cgroup/devices cgroup rw,relatime,devices 0 0", "");
    static final String V2_MOUNTS = "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0\n";

    private final Path root;

    HostFixture(Path root) {
        this.root = root;
    }

    /** A host with an Intel CPU, kvm + kvm_intel, /dev/kvm, tun, vhost-net, cgroup v2 and QEMU installed. */
    static HostFixture intel(Path root) {
        return new HostFixture(root).cpuFlags("fpu vme de pse msr vmx sse sse2").modules("kvm", "kvm_intel")
                .device("/dev/kvm").device("/dev/net/tun").device("/dev/vhost-net")
                .cgroupV2("cpuset cpu io memory hugetlb pids").tools();
    }

    static HostFixture amd(Path root) {
        return new HostFixture(root).cpuFlags("fpu vme de pse msr svm sse sse2").modules("kvm", "kvm_amd")
                .device("/dev/kvm").device("/dev/net/tun").device("/dev/vhost-net")
                .cgroupV2("cpuset cpu io memory pids").tools();
    }

    /** What the development machines look like: kvm_pvm, a working /dev/kvm, no vmx/svm, cgroup v1, no vhost-net. */
    static HostFixture kvmPvm(Path root) {
        return new HostFixture(root).cpuFlags("fpu vme de pse msr sse sse2 hypervisor").modules("kvm", "kvm_pvm")
                .device("/dev/kvm").device("/dev/net/tun").file("/proc/self/mounts", V1_MOUNTS).tools();
    }

    /** No virtualization at all: no flags, no modules, no /dev/kvm. */
    static HostFixture noKvm(Path root) {
        return new HostFixture(root).cpuFlags("fpu vme de pse msr sse sse2").device("/dev/net/tun")
                .file("/proc/self/mounts", V1_MOUNTS).tools();
    }

    HostFixture cpuFlags(String flags) {
        String cpu = "processor\t: %d\nvendor_id\t: GenuineIntel\nflags\t\t: %s\n\n";
        return file("/proc/cpuinfo", cpu.formatted(0, flags) + cpu.formatted(1, flags));
    }

    HostFixture modules(String... names) {
        for (String name : names) {
            file("/sys/module/" + name + "/refcnt", "0\n");
        }
        return this;
    }

    /** An empty regular file stands for the device node; {@link #kvmDeviceProbe()} judges it. */
    HostFixture device(String path) {
        return file(path, "");
    }

    HostFixture cgroupV2(String controllers) {
        return file("/proc/self/mounts", V2_MOUNTS).file("/sys/fs/cgroup/cgroup.controllers", controllers + "\n");
    }

    HostFixture iommuGroups(int count) {
        for (int i = 0; i < count; i++) {
            file("/sys/kernel/iommu_groups/" + i + "/type", "DMA\n");
        }
        return this;
    }

    /** qemu-img and qemu-system-x86_64 as scripts that print a version, so the version reading really runs them. */
    HostFixture tools() {
        executable("/usr/bin/qemu-img", "echo 'qemu-img version 7.2.0 (fixture)'");
        executable("/usr/bin/qemu-system-x86_64", "echo 'QEMU emulator version 7.2.0 (fixture)'");
        return this;
    }

    HostFixture remove(String path) {
        try {
            Path target = resolve(path);
            if (Files.isDirectory(target)) {
                try (var walk = Files.walk(target)) {
                    for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                        Files.delete(p);
                    }
                }
            } else {
                Files.deleteIfExists(target);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HostFixture file(String path, String content) {
        try {
            Path target = resolve(path);
            Files.createDirectories(target.getParent());
            Files.writeString(target, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HostFixture executable(String path, String shellBody) {
        file(path, "#!/bin/sh\n" + shellBody + "\n");
        if (!resolve(path).toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + path + " executable");
        }
        return this;
    }

    private Path resolve(String path) {
        return root.resolve(path.substring(1));
    }

    /** A regular file cannot answer ioctls: in a fixture, a present /dev/kvm counts as working (API 12). */
    static KvmDeviceProbe kvmDeviceProbe() {
        return device -> Files.exists(device) ? KvmDeviceState.working(12) : KvmDeviceState.missing();
    }

    HostProbe probe() {
        return HostProbe.rootedAt(root, kvmDeviceProbe(), List.of("/usr/bin", "/usr/libexec"));
    }

    /** A validator on this fixture whose libvirtd answers like libvirt 9 with QEMU 7.2. */
    HostValidator validator() {
        return new HostValidator(probe(), uri -> new LibvirtdVersions("QEMU", "7.2.0", "9.0.0"), "amd64");
    }

    ValidationReport validate() {
        return validator().validate("qemu:///system", Set.of());
    }
}
