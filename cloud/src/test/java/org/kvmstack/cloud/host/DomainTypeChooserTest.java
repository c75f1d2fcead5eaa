package org.kvmstack.cloud.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.virt.host.Capabilities;
import org.kvmstack.virt.validate.DomainTypeVerdict;
import org.kvmstack.virt.validate.HostProbe;
import org.kvmstack.virt.validate.KvmDeviceState;
import org.kvmstack.virt.validate.VirtualizationFacts;

class DomainTypeChooserTest {
    private static final String LOCAL = "qemu+unix:///system?socket=/run/h1/libvirt-sock";

    @TempDir
    Path root;

    @Test
    void localHostWithVmxAndAWorkingKvmDeviceGetsKvm() throws IOException {
        hostTree("vmx", "kvm", "kvm_intel");

        assertThat(chooser().choose(LOCAL, capabilities("qemu", "kvm"))).isEqualTo("kvm");
    }

    @Test
    void localKvmPvmGetsQemuLikeHostValidateSays() throws IOException {
        hostTree("hypervisor", "kvm", "kvm_pvm");
        DomainTypeVerdict validateSays = DomainTypeVerdict.decide(VirtualizationFacts.read(probe()));

        assertThat(chooser().choose("qemu:///system", capabilities("qemu", "kvm")))
                .isEqualTo(validateSays.domainType().libvirtName()).isEqualTo("qemu");
    }

    @Test
    void localWithoutHardwareVirtualizationGetsQemuEvenWhenLibvirtListsKvm() throws IOException {
        hostTree("sse2", "kvm", "kvm_intel");

        assertThat(chooser().choose(LOCAL, capabilities("qemu", "kvm"))).isEqualTo("qemu");
    }

    @Test
    void remoteHostIsTrustedOnItsCapabilitiesAndThisMachineIsNotAsked() {
        AtomicInteger asked = new AtomicInteger();
        DomainTypeChooser chooser = new DomainTypeChooser(() -> {
            asked.incrementAndGet();
            throw new AssertionError("a remote host's verdict cannot come from this machine");
        });

        assertThat(chooser.choose("qemu+tcp://10.0.0.2/system", capabilities("qemu", "kvm"))).isEqualTo("kvm");
        assertThat(chooser.choose("qemu+tcp://10.0.0.2/system", capabilities("qemu"))).isEqualTo("qemu");
        assertThat(asked).hasValue(0);
    }

    @Test
    void hostOfferingNeitherIsRefused() {
        assertThatThrownBy(() -> chooser().choose("qemu+tcp://h/system", capabilities("xen")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("neither kvm nor qemu");
    }

    @Test
    void testDriverGetsTest() {
        assertThat(chooser().choose("test:///default", capabilities("test"))).isEqualTo("test");
    }

    private DomainTypeChooser chooser() {
        return DomainTypeChooser.probing(probe());
    }

    private HostProbe probe() {
        return HostProbe.rootedAt(root,
                device -> Files.exists(device) ? KvmDeviceState.working(12) : KvmDeviceState.missing(), List.of());
    }

    private void hostTree(String cpuFlag, String... modules) throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cpuinfo"), "processor\t: 0\nflags\t\t: fpu " + cpuFlag + " lm\n");
        for (String module : modules) {
            Files.createDirectories(root.resolve("sys/module").resolve(module));
        }
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("dev/kvm"), "");
    }

    private static Capabilities capabilities(String... domainTypes) {
        List<Capabilities.GuestDomain> types = java.util.Arrays.stream(domainTypes)
                .map(t -> new Capabilities.GuestDomain(t, null)).toList();
        return new Capabilities(new Capabilities.Host(null, "x86_64", null, null, null, List.of(), List.of()),
                List.of(new Capabilities.Guest("hvm", "x86_64", 64, null, List.of(), types)));
    }
}
