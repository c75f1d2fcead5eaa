package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.configdrive.ConfigDriveBuilder;
import org.kvmstack.cloud.flavor.FlavorService;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistration;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.Hosts;
import org.kvmstack.cloud.keypair.KeypairService;
import org.kvmstack.cloud.network.DefaultNetworks;
import org.kvmstack.cloud.network.PortService;
import org.kvmstack.cloud.network.SubnetPool;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.testbed.OneHostBed;
import org.kvmstack.virt.DomainConsole;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtConnections;
import org.kvmstack.virt.xml.domain.CharDeviceType;
import org.kvmstack.virt.xml.domain.Domain;

/**
 * A server built by the compute service with the production port and config-drive adapters on a real libvirtd
 * (a one-host test bed) and the tiny guest under TCG: its console log (a pty serial port with a libvirt
 * {@code <log>} in the pool directory, read back through a pool-volume download) shows the READY line with the
 * port's reserved IP, the config drive's hostname and the user_data marker; the same port is interactive through
 * {@code virDomainOpenConsole}; the log survives stop/start; an out-of-band destroy is reconciled to SHUTOFF; a
 * delete leaves no domain, volume, port or reservation.
 */
class ServerConsoleOnTestBedIT {
    private static final Duration READY_LIMIT = Duration.ofSeconds(120);
    private static final Pattern READY =
            Pattern.compile("KVMSTACK-GUEST-READY hostname=(\\S+) uuid=(\\S+) ip=(\\S+) mac=(\\S+)");
    private static final String MARKER = "KS-USERDATA-MARKER-7731";

    private static OneHostBed bed;
    private static Database database;
    private static VirtConnections connections;
    private static ComputeService compute;
    private static Instances instances;
    private static VirtConnection conn;
    private static Path disk;
    private static DefaultNetworks networks;
    private static FlavorService flavors;
    private static HostRegistry hosts;

    @BeforeAll
    static void start() throws Exception {
        Optional<String> missing = OneHostBed.missingPrerequisite();
        assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
        bed = OneHostBed.start("console");
        Clock clock = Clock.systemUTC();
        database = Database.open(DatabaseConfig.sqliteIn(bed.dataDir()));
        connections = new VirtConnections();
        instances = new Instances(database.jdbi(), clock);
        flavors = new FlavorService(database.jdbi(), clock);
        flavors.bootstrapDefaults();
        hosts = new HostRegistry(new Hosts(database.jdbi(), clock), connections);
        var host = hosts.register(HostRegistration.withDefaultRatios("lab", bed.host().localUri()));
        assertThat(host.domainType()).as("no KVM inside the bed: TCG").isEqualTo("qemu");
        conn = hosts.connection(host.host());
        networks = new DefaultNetworks(database.jdbi(), SubnetPool.defaults(), clock);
        networks.ensure(host.host(), conn);
        disk = bed.guestDisk();
        compute = controller(new IsoConfigDrives(new ConfigDriveBuilder()), Runnable::run);
    }

    /** A compute service on the shared store and host, as a controller (re)started on the same data dir has. */
    private static ComputeService controller(ConfigDrives drives, java.util.concurrent.Executor worker) {
        Clock clock = Clock.systemUTC();
        try {
            return new ComputeService(instances, flavors, new KeypairService(database.jdbi(), clock, new SecureRandom()),
                    hosts, new UploadedGuestImage(disk, GuestImageDir.virtualSize(disk)),
                    new NetworkPorts(new PortService(database.jdbi(), hosts::connection, networks, clock), networks),
                    drives, new ComputeSettings(Duration.ofSeconds(30), Duration.ZERO, true), clock, worker);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (compute != null) {
                compute.close();
            }
            if (connections != null) {
                connections.close();
            }
            if (database != null) {
                database.close();
            }
        } finally {
            if (bed != null) {
                bed.close();
            }
        }
    }

    @Test
    void consoleLogAndInteractiveConsoleOfARealServerThroughItsWholeLife() {
        String userData = Base64.getEncoder().encodeToString(("#!/bin/sh\necho " + MARKER + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Instance server = compute.create(ComputeFixture.ALICE, new ServerCreateRequest("Console Web 01",
                UploadedGuestImage.IMAGE_ID, "1", 1, null, userData, Map.of("role", "it"), true));
        Instance built = instances.find(server.id()).orElseThrow();
        assertThat(built.status()).as("fault: %s", built.fault()).isEqualTo("ACTIVE");
        InstancePort port = compute.portsOf(server.id()).get(0);
        DomainRef ref = DomainRef.of(server.id());

        Domain running = Domain.parse(conn.domains().xml(ref, Set.of()));
        var serial = running.devices().serials().get(0);
        assertThat(serial.type()).isEqualTo(CharDeviceType.PTY);
        assertThat(serial.log().file()).endsWith("/" + HostLayout.consoleLogVolume(server.id()));

        String log = awaitConsoleLog(server, 1);
        Matcher ready = READY.matcher(log);
        assertThat(ready.find()).isTrue();
        assertThat(ready.group(1)).as("hostname from the config drive").isEqualTo("console-web-01");
        assertThat(ready.group(2)).isEqualTo(server.id().toString());
        assertThat(ready.group(3)).as("the port's reserved IP").isEqualTo(port.ip() + "/" + port.prefixLength());
        assertThat(ready.group(4)).isEqualTo(port.mac());
        assertThat(log).contains(MARKER).contains("KVMSTACK-GUEST-USERDATA exit=0");
        assertThat(compute.consoleOutput(ComputeFixture.ALICE, server.id(), 2).lines().count()).isLessThanOrEqualTo(2);

        try (DomainConsole console = conn.domains().openConsole(ref, null, false)) {
            console.write("\necho KS-$((6*7))-ANSWER\n");
            assertThat(console.readUntil("KS-42-ANSWER", Duration.ofSeconds(30))).contains("KS-42-ANSWER");
        }
        assertThat(awaitConsoleLog(server, 1)).as("what the interactive console showed is logged too")
                .contains("KS-42-ANSWER");

        compute.act(ComputeFixture.ALICE, server.id(), ServerAction.STOP);
        assertThat(instances.find(server.id()).orElseThrow().status()).isEqualTo("SHUTOFF");
        compute.act(ComputeFixture.ALICE, server.id(), ServerAction.START);
        assertThat(instances.find(server.id()).orElseThrow().status()).isEqualTo("ACTIVE");
        String afterRestart = awaitConsoleLog(server, 2);
        assertThat(afterRestart).as("the log is appended across starts").contains("KS-42-ANSWER");

        conn.domains().destroy(ref);
        compute.reconcileNow();
        assertThat(instances.find(server.id()).orElseThrow().status()).isEqualTo("SHUTOFF");

        compute.delete(ComputeFixture.ALICE, server.id());
        assertThat(conn.domains().find(ref)).isEmpty();
        conn.storage().refreshPool(HostLayout.POOL_NAME);
        assertThat(conn.storage().volumes(HostLayout.POOL_NAME)).extracting(v -> v.name())
                .noneMatch(n -> n.startsWith(server.id().toString()));
        assertThat(conn.networks().xml(HostLayout.DEFAULT_NETWORK, false)).doesNotContain(port.mac());
        assertThat(compute.portsOf(server.id())).isEmpty();
    }

    /**
     * A controller dies while a build is at its config-drive step (disk created, port and reservation in place,
     * claim held): its worker never continues, like a killed process. A controller started on the same store
     * rolls the build back: ERROR with a fault, no disk, no port, no reservation, no claim.
     */
    @Test
    void aBuildInterruptedByAControllerCrashIsRolledBackOnRestart() throws Exception {
        java.util.concurrent.CountDownLatch atConfigDrive = new java.util.concurrent.CountDownLatch(1);
        ConfigDrives hangs = content -> {
            atConfigDrive.countDown();
            while (true) { // the dead controller's worker: parked for good, never rolls anything back
                java.util.concurrent.locks.LockSupport.park();
            }
        };
        var deadWorker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "crashed-controller-worker");
            t.setDaemon(true);
            return t;
        });
        ComputeService crashing = controller(hangs, deadWorker);
        Instance server = crashing.create(ComputeFixture.ALICE, new ServerCreateRequest("doomed",
                UploadedGuestImage.IMAGE_ID, "1", 1, null, null, Map.of(), true));
        assertThat(atConfigDrive.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("build reached the drive").isTrue();
        Instance midway = instances.find(server.id()).orElseThrow();
        // The drive is written on a branch: the worker may have gone on to define and start the domain (paused).
        assertThat(midway.buildStep()).isIn(BuildStep.CONFIG_DRIVE, BuildStep.DOMAIN);
        assertThat(midway.claimed()).isTrue();
        String mac = compute.portsOf(server.id()).get(0).mac();
        // The disk and the reservation are made on branches concurrent with the drive: let them finish (bounded).
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)
                && (!conn.networks().xml(HostLayout.DEFAULT_NETWORK, false).contains(mac)
                || conn.storage().findVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(server.id())).isEmpty())) {
            BuildFlow.sleep(100);
        }
        assertThat(conn.networks().xml(HostLayout.DEFAULT_NETWORK, false)).contains(mac);
        assertThat(conn.storage().findVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(server.id()))).isPresent();

        ComputeService restarted = controller(new IsoConfigDrives(new ConfigDriveBuilder()), Runnable::run);
        try {
            assertThat(restarted.recoverUnfinished()).isGreaterThanOrEqualTo(1);
        } finally {
            restarted.close();
        }

        Instance after = instances.find(server.id()).orElseThrow();
        assertThat(after.status()).isEqualTo("ERROR");
        assertThat(after.fault().message()).contains("rolled back");
        assertThat(after.claimed()).as("claim released").isFalse();
        assertThat(restarted.portsOf(server.id())).isEmpty();
        assertThat(conn.networks().xml(HostLayout.DEFAULT_NETWORK, false)).doesNotContain(mac);
        conn.storage().refreshPool(HostLayout.POOL_NAME);
        assertThat(conn.storage().volumes(HostLayout.POOL_NAME)).extracting(v -> v.name())
                .noneMatch(n -> n.startsWith(server.id().toString()));
        assertThat(conn.domains().find(DomainRef.of(server.id()))).isEmpty();
        deadWorker.shutdownNow();
    }

    /** Polls os-getConsoleOutput until {@code readyLines} READY lines are there (bounded). */
    private static String awaitConsoleLog(Instance server, int readyLines) {
        Instant deadline = Instant.now().plus(READY_LIMIT);
        String log = "";
        while (Instant.now().isBefore(deadline)) {
            log = compute.consoleOutput(ComputeFixture.ALICE, server.id(), null);
            if (READY.matcher(log).results().count() >= readyLines) {
                return log;
            }
            BuildFlow.sleep(1000);
        }
        throw new AssertionError("fewer than " + readyLines + " READY lines in the console log within " + READY_LIMIT
                + "; log ends:\n" + log.substring(Math.max(0, log.length() - 3000)));
    }
}
