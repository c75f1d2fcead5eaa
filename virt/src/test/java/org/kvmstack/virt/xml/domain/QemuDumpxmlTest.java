package org.kvmstack.virt.xml.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.xml.Fixtures;
import org.kvmstack.virt.xml.MacAddress;

/**
 * Real libvirt 9 / QEMU 7.2 output (fixtures made by src/test/scripts/make-qemu-fixture.sh from
 * qemu-fixture-domain.xml, in a namespaced libvirtd): aliases, addresses, seclabel, implicit controllers and
 * runtime values must parse, and what a running domain reports must be readable.
 */
class QemuDumpxmlTest {
    private final Domain running = Domain.parse(Fixtures.read("qemu-running-domain.xml"));

    @Test
    void runningDomainExposesPtyVncPortAndTapDevice() {
        assertThat(running.id()).isEqualTo(1);
        assertThat(running.serialPtyPath()).contains("/dev/pts/1");
        assertThat(running.devices().consoles().get(0).sourcePath()).isEqualTo("/dev/pts/1");
        assertThat(running.vncPort()).contains(5900);
        assertThat(running.interfaceTargetDevs()).containsExactly("vnet0");
        assertThat(running.devices().channels().get(0).sourcePath())
                .endsWith("/org.qemu.guest_agent.0");
    }

    @Test
    void everyModelledFieldIsReadFromRealOutput() {
        assertThat(running.type()).isEqualTo(DomainType.QEMU);
        assertThat(running.title()).isEqualTo("fixture & friends");
        assertThat(running.memoryKib()).isEqualTo(131072);
        assertThat(running.os().machine()).isEqualTo("pc-i440fx-7.2");
        assertThat(running.os().bootDevices()).containsExactly("hd", "cdrom");
        assertThat(running.features().flags()).containsExactly("acpi", "apic", "pae");
        assertThat(running.cpu().topology()).isEqualTo(new CpuTopology(1, 1, 2, 1));
        assertThat(running.cpu().numaCells()).containsExactly(new NumaCell(0, "0-1", 131072));
        assertThat(running.clock().timers()).extracting(Timer::name).containsExactly("rtc", "pit", "hpet");
        assertThat(running.onCrash()).isEqualTo(LifecycleAction.DESTROY);
        Disk vda = running.devices().disks().get(0);
        assertThat(vda.source()).isEqualTo("/var/lib/libvirt/images/fixture-vm.qcow2");
        assertThat(vda.driver()).isEqualTo(new DiskDriver("qemu", "qcow2", "none"));
        assertThat(vda.serial()).isEqualTo("vol-0001");
        Disk cdrom = running.devices().disks().get(1);
        assertThat(cdrom.device()).isEqualTo(DiskDevice.CDROM);
        assertThat(cdrom.source()).isNull();
        assertThat(cdrom.readonly()).isTrue();
        assertThat(running.devices().controllers()).contains(Controller.virtioScsi(0));
        NetInterface nic = running.devices().interfaces().get(0);
        assertThat(nic.mac()).isEqualTo(MacAddress.of("52:54:00:ab:cd:01"));
        assertThat(nic.source()).isEqualTo("default");
        assertThat(nic.filterRef().filter()).isEqualTo("clean-traffic");
        assertThat(nic.filterRef().parameters().get(0).value()).isEqualTo("192.168.122.10");
        assertThat(running.devices().graphics().get(0).listenAddress()).isEqualTo("127.0.0.1");
        assertThat(running.devices().videos()).containsExactly(new Video("virtio", null, 1));
        assertThat(running.devices().memBalloon()).isEqualTo(new MemBalloon("virtio", 10));
        assertThat(running.devices().rngs()).containsExactly(Rng.virtioUrandom());
    }

    @Test
    void kvmstackAndForeignMetadataComeBackFromLibvirt() {
        InstanceMetadata ours = running.metadata().instance();
        assertThat(ours.instanceUuid()).isEqualTo(running.uuid());
        assertThat(ours.project()).isEqualTo("demo");
        assertThat(ours.flavor()).isEqualTo("m1.tiny");
        assertThat(ours.image()).isEqualTo("tiny-guest");
        assertThat(ours.created()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        assertThat(running.metadata().foreign()).singleElement()
                .satisfies(note -> assertThat(note.child("other:b").text()).isEqualTo("as is"));
    }

    @Test
    void realOutputRendersAndParsesBackToTheSameModel() {
        assertThat(Domain.parse(running.render())).isEqualTo(running);
        Domain inactive = Domain.parse(Fixtures.read("qemu-inactive-domain.xml"));
        assertThat(Domain.parse(inactive.render())).isEqualTo(inactive);
    }

    @Test
    void whatWeAskedForIsWhatLibvirtKept() throws Exception {
        Domain asked = Domain.parse(Files.readString(Path.of("src/test/scripts/qemu-fixture-domain.xml")));
        Domain kept = Domain.parse(Fixtures.read("qemu-inactive-domain.xml"));

        assertThat(kept.metadata()).isEqualTo(asked.metadata());
        assertThat(kept.devices().disks().get(0)).isEqualTo(asked.devices().disks().get(0));
        assertThat(kept.devices().interfaces()).isEqualTo(asked.devices().interfaces());
        assertThat(kept.devices().serials()).isEqualTo(asked.devices().serials());
        assertThat(kept.devices().graphics()).isEqualTo(asked.devices().graphics());
        assertThat(kept.clock()).isEqualTo(asked.clock());
        assertThat(kept.cpu().numaCells()).isEqualTo(asked.cpu().numaCells());
    }
}
