package org.kvmstack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.testbed.LabHost;
import org.kvmstack.testbed.TestBed;
import org.kvmstack.testbed.TestBedConfig;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskDevice;
import org.kvmstack.virt.xml.domain.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real guests on a one-host test bed (libvirtd + QEMU/TCG in namespaces of their own, started and torn down here):
 * create→running and create→lease one at a time, kvmstack and raw libvirt taking turns so both see the same
 * machine, then a burst of creates to running for each.
 *
 * <p>With a servers API, the raw guests are twins of what kvmstack defined (its inactive XML, see
 * {@link RawTwinTemplate}) on kvmstack's own network, with overlays on the same base file. Without one, only the
 * raw side runs, with {@link TinyGuestTemplate} on the bed's lab network.
 */
public final class GuestPhase {
    private static final Logger LOG = LoggerFactory.getLogger(GuestPhase.class);
    private static final Duration LEASE_LIMIT = Duration.ofSeconds(120);
    private static final Duration BURST_LIMIT = Duration.ofSeconds(180);
    private static final Duration IMAGE_LIMIT = Duration.ofSeconds(120);
    /** Small guests for the burst: 20 of them must fit beside everything else on this machine. */
    static final int BURST_MEMORY_MB = 96;
    static final int TINY_MEMORY_MB = 128;

    private final BenchOptions options;
    private final Path guestDisk;
    private final boolean computeAvailable;

    public GuestPhase(BenchOptions options, Path guestDisk, boolean computeAvailable) {
        this.options = options;
        this.guestDisk = guestDisk;
        this.computeAvailable = computeAvailable;
    }

    public List<Figure> run() throws IOException, InterruptedException, TimeoutException {
        TestBed.cleanupStale(TestBedConfig.defaultStateRoot());
        String bedName = "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        long t0 = System.nanoTime();
        try (TestBed bed = TestBed.start(TestBedConfig.hosts(1).withBedName(bedName));
             VirtConnection conn = VirtConnection.open(bed.host(1).localUri())) {
            LabHost host = bed.host(1);
            LOG.info("test bed {} up in {} ms: {}", bedName, Report.number((System.nanoTime() - t0) / 1e6), host.localUri());
            String dir = host.privateStorageInHost().toString();
            String why = computeAvailable ? "" : "no servers API in this build (compute not merged)";
            if (computeAvailable) {
                Path log = options.workDir().resolve("guests.log");
                try (ControllerProcess controller = ControllerProcess.start(options.repo(),
                        options.workDir().resolve("guests"), Map.of("hosts", "bench=" + host.localUri(),
                                ConfigLoader.COMPUTE_CPU_ALLOCATION_RATIO, cpuRatioForBurst(conn)),
                        log)) {
                    return bothSides(controller, conn, host, dir);
                } catch (IOException | TimeoutException | RuntimeException e) {
                    LOG.warn("kvmstack guest figures not measured ({}); measuring raw libvirt alone", e.toString());
                    why = e.getMessage();
                } finally {
                    logBuildTimings(log);
                    keepControllerLog(log);
                }
            }
            return rawOnly(conn, host, dir, why);
        }
    }

    private List<Figure> bothSides(ControllerProcess controller, VirtConnection conn, LabHost host, String dir)
            throws IOException, InterruptedException, TimeoutException {
        ApiClient api = new ApiClient(controller.baseUrl());
        api.login(controller.adminPassword());
        requireImageService(api);
        CloudApi cloud = new CloudApi(api);
        String image = cloud.uploadImage("bench-tiny", guestDisk, IMAGE_LIMIT);
        int diskGb = (int) Math.max(1, Math.ceil(virtualSize(guestDisk) / (1024.0 * 1024 * 1024)));
        String tiny = cloud.createFlavor("bench.tiny-" + ProcessHandle.current().pid(), TINY_MEMORY_MB, 1, diskGb);
        String small = cloud.createFlavor("bench.burst-" + ProcessHandle.current().pid(), BURST_MEMORY_MB, 1, diskGb);
        KvmstackGuests kvm = new KvmstackGuests(cloud, conn, image, new ConsoleReady(host));

        Samples kvmRunning = new Samples();
        Samples kvmPolled = new Samples();
        Samples kvmLease = new Samples();
        Samples rawRunning = new Samples();
        Samples rawLease = new Samples();
        RawLibvirtBench[] twins = new RawLibvirtBench[1];
        for (int i = 0; i < options.runs(); i++) {
            // The twins are made from the first server before it is deleted: its disk names the base file.
            KvmstackGuests.Created created = kvm.once(i, tiny, LEASE_LIMIT, xml -> {
                if (twins[0] == null) {
                    twins[0] = twinBench(xml, conn, host, dir);
                }
            });
            kvmRunning.add(created.timing().toRunningMs());
            kvmPolled.add(created.polledRunningMs());
            kvmLease.add(created.timing().toLeaseMs());
            NetworkSettle.await(conn, twins[0].networkName());
            BootTiming r = twins[0].once(i, 0, LEASE_LIMIT);
            rawRunning.add(r.toRunningMs());
            rawLease.add(r.toLeaseMs());
        }
        // A failed burst must not throw away the sequential figures already taken: it is reported in its note.
        Double kvmBurst = null;
        String burstFailure = "";
        try {
            kvmBurst = kvm.burst(options.burst(), small, BURST_LIMIT);
            LOG.info("kvmstack burst of {}: all ACTIVE after {} ms", options.burst(), Report.number(kvmBurst));
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.warn("kvmstack burst not measured: {}", e.toString());
            burstFailure = "kvmstack burst failed: " + e.getMessage();
        }
        NetworkSettle.await(conn, twins[0].networkName());
        double rawBurst = twins[0].burst(options.burst(), BURST_MEMORY_MB * 1024L, BURST_LIMIT);
        LOG.info("raw burst of {}: all running after {} ms", options.burst(), Report.number(rawBurst));
        cloud.deleteFlavor(tiny);
        cloud.deleteFlavor(small);
        return figures(kvmRunning, kvmPolled, kvmLease, kvmBurst, rawRunning, rawLease, rawBurst, twins[0].origin(),
                burstFailure);
    }

    /**
     * Raw twins of the server kvmstack created: overlays on the very base file kvmstack's disk is backed by, and a
     * copy of each read-only file (the config drive) so that the twins outlive the server.
     */
    private RawLibvirtBench twinBench(String inactiveXml, VirtConnection conn, LabHost host, String dir) throws IOException {
        RawTwinTemplate template = RawTwinTemplate.of(inactiveXml);
        Domain domain = Domain.parse(inactiveXml);
        String rootDisk = domain.devices().disks().stream().filter(d -> d.device() == DiskDevice.DISK && !d.readonly())
                .map(Disk::source).findFirst().orElseThrow();
        String base = backingFile(host, rootDisk);
        int n = 0;
        for (String shared : template.sharedFiles()) {
            String copy = dir + "/bench-twin-shared-" + n++;
            host.exec(List.of("cp", "--", shared, copy), Duration.ofSeconds(30)).orThrow();
            template = template.withCopy(shared, copy);
        }
        LOG.info("raw twins: {}; overlays on {}", template.origin(), base);
        return new RawLibvirtBench(conn, template, new LabHostOverlays(host, base), dir, new ConsoleReady(host));
    }

    private List<Figure> rawOnly(VirtConnection conn, LabHost host, String dir, String why)
            throws IOException, InterruptedException, TimeoutException {
        Files.copy(guestDisk, host.privateStorage().resolve("bench-base.qcow2"));
        RawLibvirtBench raw = new RawLibvirtBench(conn, new TinyGuestTemplate(host.guestNetworkName()),
                new LabHostOverlays(host, dir + "/bench-base.qcow2"), dir, new ConsoleReady(host));
        Samples rawRunning = new Samples();
        Samples rawLease = new Samples();
        for (BootTiming b : raw.sequential(options.runs(), TINY_MEMORY_MB * 1024L, LEASE_LIMIT)) {
            rawRunning.add(b.toRunningMs());
            rawLease.add(b.toLeaseMs());
        }
        double rawBurst = raw.burst(options.burst(), BURST_MEMORY_MB * 1024L, BURST_LIMIT);
        LOG.info("raw burst of {}: all running after {} ms", options.burst(), Report.number(rawBurst));
        return figures(null, null, null, null, rawRunning, rawLease, rawBurst, raw.origin(),
                "kvmstack side not measured: " + why);
    }

    /**
     * The controller's CPU allocation ratio: enough for the burst's one-vCPU servers on this host (its few vCPUs
     * with Nova's default ratio of 4 would refuse most of them), never below that default.
     */
    private String cpuRatioForBurst(VirtConnection conn) {
        int cpus = Math.max(1, conn.nodeInfo().cpus());
        return Integer.toString(Math.max(4, (options.burst() + cpus - 1) / cpus));
    }

    /** Copies the controller's per-build step durations (BuildFlow's log line) into the bench's log. */
    private static void logBuildTimings(Path controllerLog) {
        try (Stream<String> lines = Files.lines(controllerLog)) {
            lines.filter(l -> l.contains("; build total")).forEach(l -> LOG.info("controller: {}", l));
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("no build timings from {}: {}", controllerLog, e.toString());
        }
    }

    /** Keeps the guest controller's whole log beside the JSON report (the work directory is removed). */
    private void keepControllerLog(Path controllerLog) {
        Path kept = options.jsonFile().toAbsolutePath().resolveSibling("guests-controller.log");
        try {
            Files.createDirectories(kept.getParent());
            Files.copy(controllerLog, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LOG.info("the guest controller's log: {}", kept);
        } catch (IOException e) {
            LOG.warn("controller log not kept: {}", e.toString());
        }
    }

    /** Fails with a plain reason when the build has no image service, before anything is created. */
    private static void requireImageService(ApiClient api) throws IOException, InterruptedException {
        int status = api.get("/image/v2/images").statusCode();
        if (status != 200) {
            throw new IOException("no image service in this build (GET /image/v2/images answered " + status
                    + "), so no server can be created through the API");
        }
    }

    private List<Figure> figures(Samples kvmRunning, Samples kvmPolled, Samples kvmLease, Double kvmBurst, Samples rawRunning,
                                 Samples rawLease, double rawBurst, String rawOrigin, String why) {
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure("create_to_running_ms", "create → running (median of " + options.runs() + ")", "ms",
                median(kvmRunning), rawRunning.median(), List.of(new Target.AtMostTimesBaseline(1.2), new Target.AddsLessThan(300, "ms")),
                join((kvmRunning == null ? "" : "kvmstack: POST /servers sent → the server's OS-SRV-USG:launched_at "
                        + "(when the controller recorded it ACTIVE) " + runs(kvmRunning) + ", first GET showing"
                        + " ACTIVE (polled every " + CloudApi.STATUS_POLL.toMillis() + " ms) " + runs(kvmPolled) + "; ")
                        + "raw: define+start of " + rawOrigin + " " + runs(rawRunning), why)));
        figures.add(new Figure("create_to_lease_ms", "create → guest has an address (median of " + options.runs() + ")", "ms",
                median(kvmLease), rawLease.median(), List.of(), join("a DHCP lease in the network's leases (polled every "
                + LeaseWatch.POLL.toMillis() + " ms) or " + ConsoleReady.MARKER + " on the serial console (a guest with a"
                + " config drive takes a static address, no lease); " + (kvmLease == null ? "" : "kvmstack " + runs(kvmLease) + ", ")
                + "raw " + runs(rawLease), why)));
        figures.add(new Figure("burst_to_running_ms", "burst of " + options.burst() + " creates → all running", "ms",
                kvmBurst, rawBurst, List.of(new Target.AtMostTimesBaseline(1.3)), join(options.burst()
                + " concurrent creates of " + BURST_MEMORY_MB + " MB guests; kvmstack: POST /servers from "
                + options.burst() + " threads until the latest launched_at, one watcher polling until all ACTIVE;"
                + " raw: define+start from as many threads", why)));
        return figures;
    }

    private static Double median(Samples samples) {
        return samples == null || samples.count() == 0 ? null : samples.median();
    }

    private static String runs(Samples samples) {
        return samples == null ? "[]" : samples.snapshot().stream().map(Report::number).toList().toString();
    }

    private static String join(String a, String b) {
        return b.isEmpty() ? a : a + "; " + b;
    }

    private static String backingFile(LabHost host, String disk) throws IOException {
        String json = host.exec(List.of("qemu-img", "info", "-U", "--output=json", disk), Duration.ofSeconds(30)).orThrow().stdout();
        String backing = new ObjectMapper().readTree(json).path("full-backing-filename").asText("");
        if (backing.isEmpty()) {
            throw new IOException("kvmstack's disk " + disk + " has no backing file; the twins need the same base");
        }
        return backing;
    }

    private static long virtualSize(Path qcow2) throws IOException {
        try {
            Process p = new ProcessBuilder("qemu-img", "info", "-f", "qcow2", "--output=json", qcow2.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("qemu-img info " + qcow2 + ": " + out);
            }
            return new ObjectMapper().readTree(out).path("virtual-size").asLong();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
