package org.kvmstack.virt.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostValidatorTest {
    @TempDir
    Path root;

    private static CheckResult check(ValidationReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void intelHostWithWorkingKvmGetsKvm() {
        ValidationReport report = HostFixture.intel(root).validate();

        assertThat(report.verdict().domainType()).isEqualTo(DomainType.KVM);
        assertThat(report.verdict().summary()).startsWith("kvm — vmx (Intel VT-x)");
        assertThat(check(report, "cpu-virtualization").status()).isEqualTo(CheckStatus.PASS);
        assertThat(check(report, "kvm-modules").reason()).isEqualTo("kvm and kvm_intel loaded");
        assertThat(check(report, "kvm-device").status()).isEqualTo(CheckStatus.PASS);
        assertThat(check(report, "cgroups").reason()).contains("cgroup v2");
        assertThat(report.canRunGuests()).isTrue();
    }

    @Test
    void amdHostWithWorkingKvmGetsKvm() {
        ValidationReport report = HostFixture.amd(root).validate();

        assertThat(report.verdict().domainType()).isEqualTo(DomainType.KVM);
        assertThat(report.verdict().reasons()).containsExactly("svm (AMD-V) and a usable /dev/kvm");
        assertThat(check(report, "kvm-modules").reason()).isEqualTo("kvm and kvm_amd loaded");
    }

    @Test
    void kvmPvmHostGetsTcgAndSaysWhy() {
        ValidationReport report = HostFixture.kvmPvm(root).validate();

        assertThat(report.verdict().domainType()).isEqualTo(DomainType.QEMU);
        assertThat(report.verdict().summary()).isEqualTo("qemu (TCG) — /dev/kvm is kvm_pvm (paravirtual nested),"
                + " it cannot boot stock guests, no vmx/svm in /proc/cpuinfo");
        assertThat(check(report, "kvm-modules").status()).isEqualTo(CheckStatus.WARN);
        assertThat(check(report, "kvm-modules").remedy()).contains("TCG");
        assertThat(check(report, "kvm-device").status()).isEqualTo(CheckStatus.INFO);
        assertThat(check(report, "cpu-virtualization").reason()).contains("itself a virtual machine");
        assertThat(check(report, "vhost-net").status()).isEqualTo(CheckStatus.WARN);
        assertThat(check(report, "cgroups").reason()).isEqualTo("cgroup v1: cpu, memory, devices controllers available");
        // TCG is slow but works: the host can still run guests
        assertThat(report.canRunGuests()).isTrue();
    }

    @Test
    void hostWithoutKvmGetsTcgNamingEveryObstacle() {
        ValidationReport report = HostFixture.noKvm(root).validate();

        assertThat(report.verdict().domainType()).isEqualTo(DomainType.QEMU);
        assertThat(report.verdict().reasons())
                .containsExactly("no vmx/svm in /proc/cpuinfo", "/dev/kvm is missing");
        assertThat(check(report, "kvm-device").remedy()).contains("TCG (software emulation), ~10-50x slower");
        assertThat(report.canRunGuests()).isTrue();
    }

    @Test
    void vmxWithoutVendorModuleSaysWhichModuleToLoad() {
        ValidationReport report = HostFixture.intel(root).remove("/sys/module/kvm_intel").validate();

        assertThat(check(report, "kvm-modules").remedy()).isEqualTo("load kvm_intel (modprobe kvm_intel)");
    }

    @Test
    void unusableKvmDeviceMeansTcg() {
        HostFixture.intel(root);
        HostProbe probe = HostProbe.rootedAt(root, device -> KvmDeviceState.unopenable("Permission denied"),
                List.of("/usr/bin"));
        ValidationReport report = new HostValidator(probe, uri -> new LibvirtdVersions("QEMU", "7.2.0", "9.0.0"),
                "amd64").validate("qemu:///system", Set.of());

        assertThat(report.verdict().domainType()).isEqualTo(DomainType.QEMU);
        assertThat(report.verdict().reasons()).containsExactly("/dev/kvm is not usable: Permission denied");
    }

    @Test
    void missingQemuOrTunMeansGuestsCannotRun() {
        ValidationReport noQemu = HostFixture.intel(root).remove("/usr/bin/qemu-system-x86_64").validate();
        assertThat(check(noQemu, "qemu-binary").status()).isEqualTo(CheckStatus.FAIL);
        assertThat(check(noQemu, "qemu-binary").remedy()).contains("apt-get install qemu-system-x86");
        assertThat(noQemu.canRunGuests()).isFalse();

        ValidationReport noTun = new HostFixture(root).tools().remove("/dev/net/tun").validate();
        assertThat(check(noTun, "tun").status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void toolVersionsAreReadByRunningTheTools() {
        ValidationReport report = HostFixture.intel(root).validate();

        assertThat(check(report, "qemu-img").reason()).isEqualTo("qemu-img: qemu-img version 7.2.0 (fixture)");
        assertThat(check(report, "qemu-binary").reason())
                .isEqualTo("qemu-system-x86_64: QEMU emulator version 7.2.0 (fixture)");
    }

    @Test
    void rhelStyleQemuKvmIsFoundInLibexec() {
        HostFixture.intel(root).remove("/usr/bin/qemu-system-x86_64")
                .executable("/usr/libexec/qemu-kvm", "echo 'QEMU emulator version 8.2.0'");
        assertThat(check(new HostFixture(root).validate(), "qemu-binary").reason())
                .isEqualTo("qemu-kvm: QEMU emulator version 8.2.0");
    }

    @Test
    void cgroupControllersMissingAreNamed() {
        ValidationReport v2 = HostFixture.intel(root).cgroupV2("cpuset io pids").validate();
        assertThat(check(v2, "cgroups").status()).isEqualTo(CheckStatus.WARN);
        assertThat(check(v2, "cgroups").reason()).isEqualTo("cgroup v2: controllers missing: cpu, memory");

        ValidationReport none = new HostFixture(root).file("/proc/self/mounts", "proc /proc proc rw 0 0\n").validate();
        assertThat(check(none, "cgroups").reason()).isEqualTo("no cgroup filesystem mounted");
    }

    @Test
    void iommuIsOnlyAWarning() {
        ValidationReport without = HostFixture.intel(root).validate();
        assertThat(check(without, "iommu").status()).isEqualTo(CheckStatus.WARN);
        assertThat(without.canRunGuests()).isTrue();

        ValidationReport with = new HostFixture(root).iommuGroups(3).validate();
        assertThat(check(with, "iommu")).isEqualTo(new CheckResult("iommu", CheckStatus.PASS, "3 IOMMU groups", ""));
    }

    @Test
    void unreachableLibvirtdFailsWithHowToStartIt() {
        HostFixture.kvmPvm(root);
        HostValidator validator = new HostValidator(new HostFixture(root).probe(), uri -> {
            throw new LibvirtdUnreachableException(uri, "Failed to connect socket\n to '/run/libvirt/libvirt-sock'",
                    null);
        }, "amd64");
        ValidationReport report = validator.validate("qemu:///system", Set.of());

        CheckResult libvirtd = check(report, "libvirtd");
        assertThat(libvirtd.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(libvirtd.reason())
                .isEqualTo("qemu:///system unreachable: Failed to connect socket to '/run/libvirt/libvirt-sock'");
        assertThat(libvirtd.remedy()).contains("libvirtd -d");
        assertThat(report.canRunGuests()).isFalse();
        assertThat(report.verdict().domainType()).isEqualTo(DomainType.QEMU);
    }

    @Test
    void skippedChecksAreReportedNotRun() {
        HostFixture.kvmPvm(root);
        HostValidator validator = new HostValidator(new HostFixture(root).probe(), uri -> {
            throw new AssertionError("a skipped check must not connect");
        }, "amd64");
        ValidationReport report = validator.validate("qemu:///system", Set.of("libvirtd"));

        assertThat(check(report, "libvirtd")).isEqualTo(CheckResult.info("libvirtd", "skipped"));
        assertThatThrownBy(() -> validator.validate("qemu:///system", Set.of("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checks are: cpu-virtualization");
    }

    @Test
    void checksAreReportedUnderTheirPublishedNamesInOrder() {
        ValidationReport report = HostFixture.intel(root).validate();
        assertThat(report.checks()).extracting(CheckResult::name).containsExactlyElementsOf(HostValidator.CHECK_NAMES);
    }
}
