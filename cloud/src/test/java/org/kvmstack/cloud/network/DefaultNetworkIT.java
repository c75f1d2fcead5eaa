package org.kvmstack.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.configdrive.ConfigDriveBuilder;
import org.kvmstack.cloud.configdrive.ConfigDriveSpec;
import org.kvmstack.cloud.host.Host;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.testbed.CommandResult;
import org.kvmstack.testbed.LabHost;
import org.kvmstack.testbed.TestBed;
import org.kvmstack.testbed.TestBedConfig;
import org.kvmstack.virt.DomainConsole;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.MacAddress;
import org.kvmstack.virt.xml.domain.CharDevice;
import org.kvmstack.virt.xml.domain.Devices;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskBus;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.DomainType;
import org.kvmstack.virt.xml.domain.Features;
import org.kvmstack.virt.xml.domain.NetInterface;
import org.kvmstack.virt.xml.domain.Os;
import org.kvmstack.virt.xml.network.DhcpHost;
import org.kvmstack.virt.xml.network.Network;

/**
 * The default network, ports and config drives on a real libvirtd (a test-bed host in its own namespaces, with
 * the bed's "lab" network and fabric link as neighbours to avoid) and the project's tiny guest under TCG.
 */
class DefaultNetworkIT {
    private static final String NAME = HostLayout.DEFAULT_NETWORK;
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(150);
    private static final Pattern READY =
            Pattern.compile("KVMSTACK-GUEST-READY hostname=(\\S+) uuid=(\\S+) ip=(\\S+) mac=(\\S+)");

    private static TestBed bed;
    private static LabHost lab;
    private static VirtConnection conn;
    private static Database db;
    private static Path dbDir;
    private static Path guestDir;
    private static Host host;
    private static String pool;
    private static DefaultNetworks networks;
    private static PortService ports;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (namespaces, libvirtd)");
        Optional<Path> guest = guestDirectory();
        assumeTrue(guest.isPresent(), "no tiny guest image: set KVMSTACK_GUEST_DIR or add guest/build-image.sh");
        guestDir = guest.get();
        TestBed.cleanupStale(TestBedConfig.defaultStateRoot());
        bed = TestBed.start(TestBedConfig.hosts(1));
        lab = bed.host(1);
        conn = VirtConnection.open(lab.localUri());
        dbDir = Files.createTempDirectory("network-it-");
        db = Database.open(new DatabaseConfig("jdbc:sqlite:" + dbDir.resolve("store.db"), "", ""));
        host = new Host(UUID.randomUUID().toString(), lab.name(), lab.localUri());
        // The pool's first candidates are what the host already uses: its fabric link (a route of its namespace
        // only, invisible to libvirt's network API) and its lab network (a libvirt network).
        pool = bed.fabricSubnet() + "," + lab.guestSubnet() + ",10.87.0.0/16";
        networks = new DefaultNetworks(db.jdbi(), SubnetPool.parse(pool), Clock.systemUTC());
        ports = new PortService(db.jdbi(), h -> conn, networks, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (conn != null) {
                conn.close();
            }
            if (db != null) {
                db.close();
            }
        } finally {
            if (bed != null) {
                bed.close();
            }
            if (dbDir != null) {
                try (var files = Files.walk(dbDir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Test
    void ensureAvoidsTheHostsSubnetsAndIsIdempotentAcrossRestarts() {
        DefaultNetwork first = networks.ensure(host, conn);
        String definition = conn.networks().xml(NAME, true);

        Ipv4Cidr fabric = Ipv4Cidr.parse(bed.fabricSubnet());
        Ipv4Cidr labNet = Ipv4Cidr.parse(lab.guestSubnet());
        Ipv4Cidr expected = SubnetPool.parse(pool).candidates().stream()
                .filter(c -> !c.overlaps(fabric) && !c.overlaps(labNet)).findFirst().orElseThrow();
        assertThat(first.cidr()).isEqualTo(expected);
        assertThat(first.cidr().overlaps(fabric)).isFalse();
        assertThat(first.cidr().overlaps(labNet)).isFalse();

        assertThat(networks.ensure(host, conn)).isEqualTo(first);
        DefaultNetworks restarted = new DefaultNetworks(db.jdbi(), SubnetPool.defaults(), Clock.systemUTC());
        assertThat(restarted.ensure(host, conn)).isEqualTo(first);
        assertThat(conn.networks().xml(NAME, true)).isEqualTo(definition);
        var state = conn.networks().get(NAME);
        assertThat(state.active()).isTrue();
        assertThat(state.autostart()).isTrue();
        assertThat(state.bridge()).isEqualTo(first.bridge());

        // The bridge and its address exist inside the host's namespace (and nowhere else).
        CommandResult addr = lab.exec(List.of("ip", "-o", "-4", "addr", "show", "dev", first.bridge())).orThrow();
        assertThat(addr.stdout()).contains(first.gateway() + "/" + first.cidr().prefixLength());
        assertThat(run(List.of("ip", "link", "show", first.bridge())).exitCode())
                .as("bridge in the machine's own namespace").isNotZero();
    }

    @Test
    void aPortIsTheAddressTheGuestGetsByDhcpAndReleaseRemovesTheReservation() throws Exception {
        UUID instance = UUID.randomUUID();
        Port port = ports.allocate(instance, 0, host);
        assertThat(macsIn(conn.networks().xml(NAME, false))).contains(port.mac());
        assertThat(macsIn(conn.networks().xml(NAME, true))).as("persistent definition").contains(port.mac());

        DomainRef ref = DomainRef.of(instance);
        conn.domains().define(guest(instance, port, null).render());
        try {
            Matcher ready = bootAndAwaitReady(ref).ready();
            assertThat(ready.group(3)).isEqualTo(port.ip() + "/" + port.prefixLength());
            assertThat(ready.group(4)).isEqualTo(port.mac());
            assertThat(conn.networks().dhcpLeases(NAME, port.mac())).singleElement()
                    .satisfies(l -> assertThat(l.ipAddress()).isEqualTo(port.ip()));
        } finally {
            conn.domains().destroy(ref);
            conn.domains().undefine(ref, Set.of());
        }

        ports.releaseAll(instance);
        assertThat(macsIn(conn.networks().xml(NAME, false))).doesNotContain(port.mac());
        assertThat(macsIn(conn.networks().xml(NAME, true))).doesNotContain(port.mac());
        assertThat(ports.portsOf(instance)).isEmpty();
    }

    @Test
    void aConfigDriveOnAnIdeCdromNamesTheGuestAndSetsItsAddress() throws Exception {
        UUID instance = UUID.randomUUID();
        Port port = ports.allocate(instance, 0, host);
        Path iso = bed.sharedStorage().resolve(HostLayout.configDriveVolume(instance));
        new ConfigDriveBuilder().build(new ConfigDriveSpec(instance, "Config Drive Guest", null,
                Map.of("purpose", "it"), Map.of("k1", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ1 it@kvmstack"),
                // The listing shows the guest kernel read the Rock Ridge names: without them it would see 2012_08_10.
                ("#!/bin/sh\necho user-data-ran\necho \"drive-dirs: $(ls /run/kvmstack/config-drive/openstack | tr '\\n' ' ')\"\n")
                        .getBytes(StandardCharsets.UTF_8), List.of(port)), iso);

        DomainRef ref = DomainRef.of(instance);
        conn.domains().define(guest(instance, port, iso).render());
        try {
            Boot boot = bootAndAwaitReady(ref);
            Matcher ready = boot.ready();
            assertThat(boot.console()).contains("user-data-ran").contains("KVMSTACK-GUEST-USERDATA exit=0");
            assertThat(boot.console()).contains("drive-dirs: 2012-08-10 2013-04-04 2013-10-17 2015-10-15 2016-06-30 "
                    + "2016-10-06 2017-02-22 2018-08-27 2020-10-14 latest");
            assertThat(ready.group(1)).isEqualTo("config-drive-guest");
            assertThat(ready.group(2)).isEqualTo(instance.toString());
            assertThat(ready.group(3)).isEqualTo(port.ip() + "/" + port.prefixLength());
            assertThat(ready.group(4)).isEqualTo(port.mac());
        } finally {
            conn.domains().destroy(ref);
            conn.domains().undefine(ref, Set.of());
            ports.releaseAll(instance);
            Files.deleteIfExists(iso);
        }
    }

    /** The tiny guest, direct kernel boot on machine pc under TCG, its NIC on the port, the drive on IDE. */
    private static Domain guest(UUID instance, Port port, Path configDrive) {
        Devices.Builder devices = Devices.builder()
                // On the bridge, as kvmstack attaches servers: the network's dnsmasq still serves the reservation.
                .netInterface(NetInterface.bridge(port.bridge(), MacAddress.of(port.mac()), "virtio"))
                .charDevice(CharDevice.ptySerial(0))
                .charDevice(CharDevice.ptyConsole(0));
        if (configDrive != null) {
            devices.disk(Disk.cdrom(configDrive.toString(), "hdc", DiskBus.IDE));
        }
        return Domain.builder()
                .type(DomainType.QEMU)
                .name(HostLayout.domainName(instance))
                .uuid(instance)
                .memoryKib(192 * 1024)
                .vcpus(1)
                .os(Os.directKernel("x86_64", "pc", guestDir.resolve("vmlinuz").toString(),
                        guestDir.resolve("initrd.img").toString(), "console=ttyS0"))
                .features(Features.of("acpi", "apic"))
                .devices(devices.build())
                .build();
    }

    /** The READY line's match and everything the console said up to it. */
    private record Boot(Matcher ready, String console) {}

    private static Boot bootAndAwaitReady(DomainRef ref) {
        conn.domains().startPaused(ref);
        try (DomainConsole console = conn.domains().openConsole(ref, null, false)) {
            conn.domains().resume(ref);
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            Instant deadline = Instant.now().plus(BOOT_LIMIT);
            Matcher m = READY.matcher("");
            while (Instant.now().isBefore(deadline)) {
                int at = seen.indexOf("KVMSTACK-GUEST-READY ");
                if (at >= 0 && seen.indexOf("\n", at) >= 0) {
                    m = READY.matcher(seen);
                    break;
                }
                int n = console.read(buffer, Duration.ofMillis(200));
                if (n < 0) {
                    break;
                }
                seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(m.find()).as("READY line within %s; console said:%n%s", BOOT_LIMIT,
                    seen.substring(Math.max(0, seen.length() - 3000))).isTrue();
            return new Boot(m, seen.toString());
        }
    }

    private static List<String> macsIn(String networkXml) {
        return Network.parse(networkXml).ips().stream().flatMap(ip -> ip.dhcpHosts().stream())
                .map(DhcpHost::mac).filter(java.util.Objects::nonNull).map(MacAddress::toString).toList();
    }

    private static Optional<Path> guestDirectory() {
        return org.kvmstack.testbed.GuestImage.directory();
    }

    private record Output(int exitCode, String text) {}

    /** Runs a command from an argument list with a time limit (5 min: a cold guest image build). */
    private static Output run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
