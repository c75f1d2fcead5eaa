package org.kvmstack.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.DhcpLease;
import org.kvmstack.virt.DomainConsole;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.MigrationFlag;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.MacAddress;

/**
 * The tiny guest on real QEMU (TCG) under two test-bed hosts, driven through the virt module over each host's
 * UNIX socket: boots from a qcow2 overlay, prints its READY line on the serial console (read through libvirt's
 * console stream), takes a DHCP lease from the host's lab network, live-migrates peer-to-peer over the fabric with
 * shared storage and with copied storage, answers the ACPI power button on the target, and leaves nothing behind.
 */
class GuestOnTestBedIT {
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(150);
    private static final String READY_MARKER = "KVMSTACK-GUEST-READY ";
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

        try (TestBed bed = TestBed.start(2);
             VirtConnection h1conn = VirtConnection.open(bed.host(1).localUri());
             VirtConnection h2conn = VirtConnection.open(bed.host(2).localUri())) {
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
            UUID sharedUuid = UUID.randomUUID();
            MacAddress sharedMac = MacAddress.of("52:54:00:aa:00:01");
            DomainRef shared = DomainRef.of(sharedUuid);
            h1conn.domains().define(TinyGuestDomain.of("shared-vm", sharedUuid, sharedMac, sharedDisk).render());
            Matcher ready = bootAndAwaitReady(h1conn, shared);

            assertThat(ready.group(1)).as("uuid seen by the guest").isEqualTo(sharedUuid.toString());
            assertThat(ready.group(3)).isEqualTo(sharedMac.toString());
            String lease = leasedAddress(h1conn, sharedMac);
            assertThat(ready.group(2)).startsWith(lease);
            assertThat(Ipv4Prefix.parse(h1.guestSubnet()).overlaps(Ipv4Prefix.parse(lease))).as("lease in h1's lab subnet").isTrue();

            h1conn.domains().migrateToUri(shared, h2.fabricUri(), null,
                    EnumSet.of(MigrationFlag.LIVE, MigrationFlag.PERSIST_DEST, MigrationFlag.UNDEFINE_SOURCE, MigrationFlag.UNSAFE), null, 0);
            assertRunningOnlyOn(h2conn, h1conn, shared);
            assertGuestAnswersPowerButton(h2conn, shared);

            // --- copied storage: disk in h1's private storage; an empty disk of the same size pre-created on h2
            Files.copy(image.get(), h1.privateStorage().resolve("base.qcow2"));
            Path diskInHost = h1.privateStorageInHost().resolve("copied-vm.qcow2");
            h1.exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2",
                    "-b", h1.privateStorageInHost().resolve("base.qcow2").toString(), diskInHost.toString())).orThrow();
            h2.exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", diskInHost.toString(), Long.toString(virtualSize(h1, diskInHost)))).orThrow();
            UUID copiedUuid = UUID.randomUUID();
            MacAddress copiedMac = MacAddress.of("52:54:00:aa:00:02");
            DomainRef copied = DomainRef.of(copiedUuid);
            h1conn.domains().define(TinyGuestDomain.of("copied-vm", copiedUuid, copiedMac, diskInHost).render());
            assertThat(bootAndAwaitReady(h1conn, copied).group(2)).startsWith(leasedAddress(h1conn, copiedMac));

            Path targetDisk = h2.privateStorage().resolve("copied-vm.qcow2");
            long targetBytesBefore = Files.size(targetDisk);
            h1conn.domains().migrateToUri(copied, h2.fabricUri(), null,
                    EnumSet.of(MigrationFlag.LIVE, MigrationFlag.PERSIST_DEST, MigrationFlag.UNDEFINE_SOURCE, MigrationFlag.COPY_STORAGE_ALL), null, 0);
            assertRunningOnlyOn(h2conn, h1conn, copied);
            assertThat(Files.size(targetDisk)).as("the target disk received the guest's data").isGreaterThan(targetBytesBefore + 1_000_000);
            assertGuestAnswersPowerButton(h2conn, copied);

            // Leave a running QEMU (with dnsmasq, libvirtd, virtlogd) for the tear-down to stop.
            h2conn.domains().start(shared);
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

    /**
     * Starts the domain paused, attaches to its serial console, then lets it run, so not a byte of the boot is
     * missed; returns the READY line's match.
     */
    private static Matcher bootAndAwaitReady(VirtConnection conn, DomainRef domain) {
        conn.domains().startPaused(domain);
        try (DomainConsole console = conn.domains().openConsole(domain, null, false)) {
            conn.domains().resume(domain);
            String output = readLineContaining(console, READY_MARKER, BOOT_LIMIT);
            Matcher m = READY.matcher(output);
            assertThat(m.find()).as("READY line on the serial console within %s; console said:%n%s", BOOT_LIMIT,
                    output.substring(Math.max(0, output.length() - 2000))).isTrue();
            return m;
        }
    }

    /** Reads until a whole line containing {@code marker} has arrived, the console closes, or time runs out. */
    private static String readLineContaining(DomainConsole console, String marker, Duration limit) {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            int at = seen.indexOf(marker);
            if (at >= 0 && seen.indexOf("\n", at) >= 0) {
                break;
            }
            int n = console.read(buffer, Duration.ofMillis(200));
            if (n < 0) {
                break;
            }
            seen.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    private static String leasedAddress(VirtConnection conn, MacAddress mac) {
        List<DhcpLease> leases = conn.networks().dhcpLeases(LabNetworkXml.NETWORK_NAME, mac.toString());
        assertThat(leases).as("leases of %s", mac).hasSize(1);
        return leases.get(0).ipAddress();
    }

    private static void assertRunningOnlyOn(VirtConnection target, VirtConnection source, DomainRef domain) {
        assertThat(target.domains().get(domain).state()).isEqualTo(DomainState.RUNNING);
        assertThat(target.domains().get(domain).persistent()).isTrue();
        assertThat(source.domains().find(domain)).as("gone from the source").isEmpty();
    }

    /**
     * Proves the guest executes on the target: it must handle the ACPI power button (its acpid powers it off).
     * A guest whose migrated memory or disk were broken would stay "running" without ever answering.
     */
    private static void assertGuestAnswersPowerButton(VirtConnection conn, DomainRef domain) throws InterruptedException {
        conn.domains().shutdown(domain);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        DomainState state = conn.domains().get(domain).state();
        while (state != DomainState.SHUTOFF && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            state = conn.domains().get(domain).state();
        }
        assertThat(state).as("%s after the ACPI power button", domain).isEqualTo(DomainState.SHUTOFF);
    }

    private static long virtualSize(LabHost host, Path disk) {
        String json = host.exec(List.of("qemu-img", "info", "--output=json", disk.toString())).orThrow().stdout();
        Matcher m = Pattern.compile("\"virtual-size\":\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as("virtual-size in %s", json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
