package org.kvmstack.virt.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Validation of the machine the tests run on, against facts the test reads on its own. */
class LocalHostValidationTest {

    @Test
    void verdictOnThisMachineFollowsItsCpuFlagsAndKvmModule() throws IOException {
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        boolean vmxOrSvm = cpuinfo.lines().filter(l -> l.startsWith("flags"))
                .anyMatch(l -> l.contains(" vmx") || l.contains(" svm"));
        boolean kvmPvm = Files.exists(Path.of("/sys/module/kvm_pvm"));

        // test:///default stands in for libvirtd: no daemon runs in this machine's own namespace
        ValidationReport report = new HostValidator(HostProbe.local(), LibvirtdProbe.readOnlyConnection(),
                System.getProperty("os.arch")).validate("test:///default", Set.of());

        if (kvmPvm || !vmxOrSvm) {
            assertThat(report.verdict().domainType()).isEqualTo(DomainType.QEMU);
        }
        if (kvmPvm) {
            assertThat(report.verdict().summary()).contains("kvm_pvm (paravirtual nested)");
        }
        if (!vmxOrSvm) {
            assertThat(report.verdict().summary()).contains("no vmx/svm in /proc/cpuinfo");
        }
        assertThat(report.checks()).filteredOn(c -> c.name().equals("libvirtd")).singleElement()
                .satisfies(c -> assertThat(c.reason()).startsWith("test:///default: TEST"));
    }

    @Test
    void thisDevelopmentMachineRunsGuestsUnderTcgBecauseOfKvmPvm() {
        assumeTrue(Files.exists(Path.of("/sys/module/kvm_pvm")), "only on kvm_pvm machines");

        DomainTypeVerdict verdict = DomainTypeVerdict.decide(VirtualizationFacts.read(HostProbe.local()));

        assertThat(verdict.domainType()).isEqualTo(DomainType.QEMU);
        assertThat(verdict.reasons()).contains("/dev/kvm is kvm_pvm (paravirtual nested), it cannot boot stock guests",
                "no vmx/svm in /proc/cpuinfo");
    }

    @Test
    void realKvmDeviceAnswersTheStableApiWhenOpenable() {
        Path kvm = Path.of("/dev/kvm");
        assumeTrue(Files.isReadable(kvm) && Files.isWritable(kvm), "needs access to /dev/kvm");

        KvmDeviceState state = KvmDeviceProbe.ioctl().probe(kvm);

        assertThat(state.apiVersion()).hasValue(12);
        assertThat(state.usable()).as(state.error()).isTrue();
    }

    @Test
    void aRegularFileIsNotAKvmDevice(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("kvm"), "");

        KvmDeviceState state = KvmDeviceProbe.ioctl().probe(fake);

        assertThat(state.present()).isTrue();
        assertThat(state.usable()).isFalse();
        assertThat(state.error()).startsWith("KVM_GET_API_VERSION: ");
    }

    @Test
    void missingDeviceIsReportedMissing(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThat(KvmDeviceProbe.ioctl().probe(dir.resolve("kvm"))).isEqualTo(KvmDeviceState.missing());
    }
}
