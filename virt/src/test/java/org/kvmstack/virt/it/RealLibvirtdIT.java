package org.kvmstack.virt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.DomainConsole;
import org.kvmstack.virt.DomainEvent;
import org.kvmstack.virt.DomainEventType;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.DhcpHostEntry;
import org.kvmstack.virt.UndefineFlag;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.host.Capabilities;
import org.kvmstack.virt.host.DomainNumaMemory;
import org.kvmstack.virt.host.NodeInfo;
import org.kvmstack.virt.host.NumaTopology;
import org.kvmstack.virt.host.DomainNumaUsage;

/** The JNA bindings and reconnect against a real libvirtd + QEMU in a namespace of our own. */
class RealLibvirtdIT {
    private static NamespacedLibvirtd libvirtd;
    private static VirtConnection conn;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(NamespacedLibvirtd.available()).as("needs root and libvirtd").isTrue();
        libvirtd = NamespacedLibvirtd.start();
        conn = VirtConnection.open(libvirtd.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    @Test
    void volumeUploadAndDownloadRoundTripThroughStreams() throws Exception {
        Path poolDir = libvirtd.dataDir().resolve("pool-streams");
        String pool = "streams";
        conn.storage().definePool("""
                <pool type='dir'><name>%s</name><target><path>%s</path></target></pool>
                """.formatted(pool, poolDir));
        conn.storage().buildPool(pool);
        conn.storage().startPool(pool);
        try {
            int size = 3 * 1024 * 1024 + 12345; // several stream chunks and a ragged end
            conn.storage().createVolume(pool, """
                    <volume><name>blob.raw</name><capacity unit='bytes'>%d</capacity>
                    <target><format type='raw'/></target></volume>
                    """.formatted(size));
            byte[] data = new byte[size];
            new Random(42).nextBytes(data);

            conn.storage().upload(pool, "blob.raw", new ByteArrayInputStream(data), size);
            assertThat(Files.readAllBytes(poolDir.resolve("blob.raw"))).isEqualTo(data);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n = conn.storage().download(pool, "blob.raw", out);
            assertThat(n).isEqualTo(size);
            assertThat(out.toByteArray()).isEqualTo(data);
        } finally {
            conn.storage().deleteVolume(pool, "blob.raw");
            conn.storage().destroyPool(pool);
            conn.storage().undefinePool(pool);
        }
    }

    @Test
    void consoleStreamShowsTheGuestBooting() throws Exception {
        String name = "vc-console-" + UUID.randomUUID().toString().substring(0, 6);
        UUID uuid = UUID.randomUUID();
        DomainRef ref = DomainRef.of(uuid);
        conn.domains().define(Guests.kernelOnly(name, uuid, TestKernel.get()));
        try {
            conn.domains().startPaused(ref);
            try (DomainConsole console = conn.domains().openConsole(ref, null, false)) {
                conn.domains().resume(ref);
                String seen = console.readUntil("Linux version", Duration.ofSeconds(90));
                assertThat(seen).contains("Linux version");
                console.write("\r\n"); // the write path must accept bytes while the guest runs
            }
            DomainNumaUsage numa = new DomainNumaMemory(libvirtd.qemuRunDir()).read(conn, ref);
            assertThat(numa.available()).as(String.valueOf(numa.notAvailableReason())).isTrue();
            assertThat(numa.pid()).isPositive();
            assertThat(numa.totalBytes()).isGreaterThan(1024 * 1024);
        } finally {
            conn.domains().destroy(ref);
            conn.domains().undefine(ref, Set.of(UndefineFlag.MANAGED_SAVE, UndefineFlag.SNAPSHOTS_METADATA));
        }
    }

    @Test
    void dhcpHostUpdatesReachLiveAndPersistentConfigAndLeasesAreReadable() {
        String net = "vcnet" + UUID.randomUUID().toString().substring(0, 4);
        conn.networks().define("""
                <network><name>%s</name><bridge name='%s'/>
                  <ip address='10.88.0.1' netmask='255.255.255.0'>
                    <dhcp><range start='10.88.0.10' end='10.88.0.99'/></dhcp>
                  </ip>
                </network>
                """.formatted(net, "vcbr" + net.substring(5)));
        conn.networks().start(net);
        try {
            DhcpHostEntry host = new DhcpHostEntry("52:54:00:88:00:05", "10.88.0.5", "vm-5");
            conn.networks().addDhcpHost(net, host);
            assertThat(conn.networks().xml(net, false)).contains("52:54:00:88:00:05");
            assertThat(conn.networks().xml(net, true)).contains("52:54:00:88:00:05");
            assertThat(conn.networks().dhcpLeases(net, null)).isEmpty(); // no guest asked yet
            conn.networks().removeDhcpHost(net, host);
            assertThat(conn.networks().xml(net, true)).doesNotContain("52:54:00:88:00:05");
        } finally {
            conn.networks().destroy(net);
            conn.networks().undefine(net);
        }
    }

    @Test
    void reconnectsAfterLibvirtdRestartAndKeepsDeliveringEvents() throws Exception {
        try (VirtConnection own = VirtConnection.open(libvirtd.uri(),
                new VirtConnection.Options(Duration.ofSeconds(1), 2, false))) {
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            own.onDomainEvent(events::add);
            assertThat(own.domains().list()).isNotNull();

            libvirtd.stopLibvirtd();
            long before = System.nanoTime();
            assertThatThrownBy(() -> own.domains().list()).isInstanceOfSatisfying(VirtException.class,
                    e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(VirtErrorKind.CONNECTION_FAILED));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("fails fast, no hang")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(own.isAlive()).isFalse();
            libvirtd.startLibvirtd();

            // The first read after the restart finds the old connection dead, reopens and is retried.
            List<?> domains = own.domains().list();
            assertThat(domains).isNotNull();
            assertThat(own.isAlive()).isTrue();

            String name = "vc-reconnect-" + UUID.randomUUID().toString().substring(0, 6);
            UUID uuid = UUID.randomUUID();
            own.domains().define(Guests.kernelOnly(name, uuid, TestKernel.get()));
            try {
                DomainEvent e = events.poll(20, TimeUnit.SECONDS);
                assertThat(e).as("DEFINED event after reconnect").isNotNull();
                assertThat(e.type()).isEqualTo(DomainEventType.DEFINED);
                assertThat(e.uuid()).isEqualTo(uuid);
            } finally {
                own.domains().undefine(DomainRef.of(uuid), Set.of());
            }
            assertThat(own.domains().find(DomainRef.of(uuid))).isEmpty();
        }
        // the shared connection of the other tests reconnects too
        assertThat(conn.domains().list()).isNotNull();
    }

    @Test
    void hostFactsOfARealHostMatchVirshAndSysfs() throws Exception {
        String virsh = NamespacedLibvirtd.run(java.util.List.of("virsh", "-c", libvirtd.uri(), "nodeinfo"));
        NodeInfo node = conn.nodeInfo();
        assertThat(virsh).containsPattern("CPU\\(s\\):\\s+" + node.cpus() + "\n")
                .containsPattern("Memory size:\\s+" + node.memoryKiB() + " KiB")
                .containsPattern("NUMA cell\\(s\\):\\s+" + node.numaCells() + "\n");

        Capabilities caps = Capabilities.of(conn);
        assertThat(caps.host().arch()).isEqualTo("x86_64");
        assertThat(caps.supports("hvm", "x86_64", "qemu")).isTrue();
        assertThat(caps.guests()).anySatisfy(g -> assertThat(g.emulator()).endsWith("qemu-system-x86_64"));
        assertThat(caps.guests()).flatExtracting(Capabilities.Guest::machines)
                .extracting(Capabilities.Machine::name).contains("pc", "q35");

        NumaTopology numa = NumaTopology.of(conn);
        assertThat(numa.source()).isEqualTo(NumaTopology.Source.CAPABILITIES);
        for (NumaTopology.Cell cell : numa.cells()) {
            Path sysNode = Path.of("/sys/devices/system/node/node" + cell.id());
            String cpulist = Files.readString(sysNode.resolve("cpulist")).trim();
            assertThat(cell.cpus()).isEqualTo(parseCpuList(cpulist));
            assertThat(cell.freeKiB()).isPositive().isLessThanOrEqualTo(cell.totalKiB());
            assertThat(cell.distances()).containsEntry(cell.id(), 10);
        }
        System.out.println(numa.toNumactlText());
    }

    private static java.util.List<Integer> parseCpuList(String list) {
        java.util.List<Integer> cpus = new java.util.ArrayList<>();
        for (String part : list.split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = Integer.parseInt(range[range.length - 1]);
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        return cpus;
    }

    @Test
    void lifecycleOnRealQemu() throws Exception {
        String name = "vc-life-" + UUID.randomUUID().toString().substring(0, 6);
        UUID uuid = UUID.randomUUID();
        DomainRef ref = DomainRef.of(uuid);
        conn.domains().define(Guests.kernelOnly(name, uuid, TestKernel.get()));
        try {
            conn.domains().start(ref);
            assertThat(conn.domains().info(ref).state()).isEqualTo(DomainState.RUNNING);
            conn.domains().suspend(ref);
            assertThat(conn.domains().info(ref).state()).isEqualTo(DomainState.PAUSED);
            conn.domains().resume(ref);
            conn.domains().destroy(ref);
            conn.domains().destroy(ref);
            assertThat(conn.domains().info(ref).state()).isEqualTo(DomainState.SHUTOFF);
        } finally {
            conn.domains().undefine(ref, Set.of());
        }
    }
}
