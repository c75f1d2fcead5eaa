package org.kvmstack.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiny guest on real QEMU (TCG) under two test-bed hosts: boots from a qcow2 overlay, prints its READY line
 * on the serial console, takes a DHCP lease from the host's lab network, live-migrates peer-to-peer over the
 * fabric with shared storage and with copied storage, and leaves nothing behind.
 *
 * <p>First version: drives libvirt with {@code virsh} (inside the hosts' namespaces for migration, so the
 * source libvirtd reaches its peer over the fabric). It moves to the virt module's connection layer once that is
 * on main.
 */
class GuestOnTestBedIT {
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(150);
    private static final Pattern READY = Pattern.compile("KVMSTACK-GUEST-READY hostname=\\S+ uuid=(\\S+) ip=(\\S+) mac=(\\S+)");

    @BeforeAll
    static void removeBedsOfDeadRuns() {
        TestBed.cleanupStale(TestBedConfig.defaultStateRoot());
    }

    @Test
    void guestBootsTakesALeaseAndLiveMigratesWithSharedAndCopiedStorage() throws Exception {
        Optional<Path> image = GuestImage.disk();
        assumeTrue(image.isPresent(), "no tiny guest image: set KVMSTACK_GUEST_DIR or add guest/build-image.sh");
        MachineNetworkSnapshot before = MachineNetworkSnapshot.take();
        List<OptionalLong> hostNetns = new ArrayList<>();
        Path stateDir;

        try (TestBed bed = TestBed.start(2)) {
            stateDir = bed.stateDir();
            LabHost h1 = bed.host(1);
            LabHost h2 = bed.host(2);
            for (LabHost h : bed.hosts()) {
                hostNetns.add(NamespaceProcesses.namespaceInode(NamespaceCommands.netnsFile(h.netns())));
            }

            // --- shared storage: base image and the guest's overlay on the bed's shared directory
            Path base = bed.sharedStorage().resolve("base.qcow2");
            Files.copy(image.get(), base);
            Path sharedDisk = bed.sharedStorage().resolve("shared-vm.qcow2");
            h1.exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(), sharedDisk.toString())).orThrow();
            Guest shared = new Guest("shared-vm", "52:54:00:aa:00:01", sharedDisk);
            Boot sharedBoot = shared.defineStartAndAwaitReady(h1);

            assertThat(sharedBoot.uuid()).isEqualTo(shared.uuid);
            assertThat(sharedBoot.mac()).isEqualTo(shared.mac);
            String lease = leasedAddress(h1, shared.mac);
            assertThat(sharedBoot.ip()).startsWith(lease);
            assertThat(Ipv4Prefix.parse(h1.guestSubnet()).overlaps(Ipv4Prefix.parse(lease))).as("lease in h1's lab subnet").isTrue();

            migrate(h1, h2, shared.name, "--unsafe");
            assertRunningOnlyOn(h2, h1, shared.name);
            assertGuestAnswersPowerButton(h2, shared.name);

            // --- copied storage: disk in h1's private storage; an empty disk of the same size pre-created on h2
            Path privateBase = h1.privateStorage().resolve("base.qcow2");
            Files.copy(image.get(), privateBase);
            Path diskInHost = h1.privateStorageInHost().resolve("copied-vm.qcow2");
            h1.exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2",
                    "-b", h1.privateStorageInHost().resolve("base.qcow2").toString(), diskInHost.toString())).orThrow();
            long virtualSize = virtualSize(h1, diskInHost);
            h2.exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", diskInHost.toString(), Long.toString(virtualSize))).orThrow();
            Guest copied = new Guest("copied-vm", "52:54:00:aa:00:02", diskInHost);
            Boot copiedBoot = copied.defineStartAndAwaitReady(h1);
            assertThat(copiedBoot.ip()).startsWith(leasedAddress(h1, copied.mac));

            long targetBytesBefore = Files.size(h2.privateStorage().resolve("copied-vm.qcow2"));
            migrate(h1, h2, copied.name, "--copy-storage-all");
            assertRunningOnlyOn(h2, h1, copied.name);
            assertThat(Files.size(h2.privateStorage().resolve("copied-vm.qcow2")))
                    .as("the target disk received the guest's data").isGreaterThan(targetBytesBefore + 1_000_000);
            assertGuestAnswersPowerButton(h2, copied.name);

            // Leave a running QEMU (and dnsmasq, libvirtd, virtlogd) for the tear-down to stop.
            virsh(h2, "start", shared.name);
            assertThat(NamespaceProcesses.inNamespaces(hostNetns.get(1), OptionalLong.empty()).stream()
                    .map(pid -> ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("")))
                    .anyMatch(command -> command.contains("qemu-system"));
        }

        assertThat(stateDir).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(stateDir.toString());
        for (OptionalLong inode : hostNetns) {
            assertThat(NamespaceProcesses.inNamespaces(inode, OptionalLong.empty())).as("qemu, dnsmasq or daemons left").isEmpty();
        }
        assertThat(MachineNetworkSnapshot.take()).isEqualTo(before);
    }

    /** A tiny-guest domain to be defined on a host. */
    private static final class Guest {
        final String name;
        final String mac;
        final Path disk;
        final String uuid = UUID.randomUUID().toString();

        Guest(String name, String mac, Path disk) {
            this.name = name;
            this.mac = mac;
            this.disk = disk;
        }

        Path serialLogInHost() {
            return Path.of("/var/log/libvirt/qemu", name + "-serial.log");
        }

        Boot defineStartAndAwaitReady(LabHost host) throws Exception {
            Path xml = Files.createTempFile("kvmstack-" + name, ".xml");
            try {
                Files.writeString(xml, new TinyGuestDomainXml(name, uuid, mac, disk, serialLogInHost()).render(), StandardCharsets.UTF_8);
                virsh(host, "define", xml.toString());
            } finally {
                Files.delete(xml);
            }
            virsh(host, "start", name);
            // The host's /var/log/libvirt is its log directory in the bed's state directory.
            Path log = host.privateStorage().getParent().getParent().resolve("log").resolve("qemu").resolve(name + "-serial.log");
            return awaitReady(log);
        }
    }

    /** What the guest printed in its READY line. */
    private record Boot(String uuid, String ip, String mac) {
    }

    private static Boot awaitReady(Path serialLog) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(BOOT_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(serialLog)) {
                Matcher m = READY.matcher(Files.readString(serialLog, StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    return new Boot(m.group(1), m.group(2), m.group(3));
                }
            }
            Thread.sleep(250);
        }
        String tail = Files.exists(serialLog) ? Files.readString(serialLog, StandardCharsets.ISO_8859_1) : "(no serial log)";
        throw new AssertionError("no READY line within " + BOOT_LIMIT + " in " + serialLog + ":\n"
                + tail.substring(Math.max(0, tail.length() - 2000)));
    }

    /** The address the host's lab network leased to {@code mac}, from libvirt's lease list. */
    private static String leasedAddress(LabHost host, String mac) {
        String table = virsh(host, "net-dhcp-leases", LabNetworkXml.NETWORK_NAME, "--mac", mac).stdout();
        Matcher m = Pattern.compile(Pattern.quote(mac) + "\\s+ipv4\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+)/\\d+").matcher(table);
        assertThat(m.find()).as("lease for %s in:%n%s", mac, table).isTrue();
        return m.group(1);
    }

    /** Peer-to-peer live migration run inside the source host: its libvirtd reaches the target over the fabric. */
    private static void migrate(LabHost from, LabHost to, String domain, String storageFlag) {
        from.exec(List.of("virsh", "-c", "qemu:///system", "migrate", "--live", "--p2p", "--persistent", "--undefinesource",
                storageFlag, "--timeout", "120", domain, to.fabricUri()), Duration.ofSeconds(180)).orThrow();
    }

    private static void assertRunningOnlyOn(LabHost target, LabHost source, String domain) {
        assertThat(virsh(target, "domstate", domain).stdout().strip()).isEqualTo("running");
        assertThat(virsh(source, "list", "--all", "--name").stdout()).doesNotContain(domain);
    }

    /**
     * Proves the guest executes on {@code host}: it must handle the ACPI power button (its acpid powers it off).
     * A guest whose migrated state or disk were broken would stay "running" without ever answering.
     */
    private static void assertGuestAnswersPowerButton(LabHost host, String domain) throws InterruptedException {
        virsh(host, "shutdown", "--mode", "acpi", domain);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String state = "";
        while (Instant.now().isBefore(deadline)) {
            state = virsh(host, "domstate", domain).stdout().strip();
            if (state.equals("shut off")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(domain + " on " + host + " ignored the ACPI power button; still " + state);
    }

    private static long virtualSize(LabHost host, Path disk) {
        String json = host.exec(List.of("qemu-img", "info", "--output=json", disk.toString())).orThrow().stdout();
        Matcher m = Pattern.compile("\"virtual-size\":\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as("virtual-size in %s", json).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static CommandResult virsh(LabHost host, String... args) {
        List<String> argv = new ArrayList<>(List.of("virsh", "-q", "-c", host.localUri()));
        argv.addAll(List.of(args));
        return new CommandRunner(Duration.ofSeconds(60)).run(argv).orThrow();
    }
}
