package org.kvmstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.kvmstack.testbed.LabHost;
import org.kvmstack.testbed.TestBed;
import org.kvmstack.testbed.TestBedConfig;
import org.kvmstack.virt.VirtConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real guests on a one-host test bed (libvirtd + QEMU/TCG in namespaces of their own, started and torn down here):
 * create→running and create→lease one at a time, and a burst of creates to running, for raw libvirt and for
 * kvmstack.
 */
public final class GuestPhase {
    private static final Logger LOG = LoggerFactory.getLogger(GuestPhase.class);
    private static final Duration LEASE_LIMIT = Duration.ofSeconds(120);
    private static final Duration BURST_LIMIT = Duration.ofSeconds(120);
    /** Small guests for the burst: 20 of them must fit beside everything else on this machine. */
    static final long BURST_MEMORY_KIB = 96 * 1024;

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
            Files.copy(guestDisk, host.privateStorage().resolve("bench-base.qcow2"));
            String dir = host.privateStorageInHost().toString();
            Overlays overlays = new LabHostOverlays(host, dir + "/bench-base.qcow2");
            DomainTemplate template = new TinyGuestTemplate(host.guestNetworkName());
            RawLibvirtBench raw = new RawLibvirtBench(conn, template, overlays, dir);

            List<BootTiming> rawBoots = raw.sequential(options.runs(), 0, LEASE_LIMIT);
            double rawBurst = raw.burst(options.burst(), BURST_MEMORY_KIB, BURST_LIMIT);
            LOG.info("raw burst of {}: all running after {} ms", options.burst(), Report.number(rawBurst));

            Samples rawRunning = new Samples();
            Samples rawLease = new Samples();
            rawBoots.forEach(b -> {
                rawRunning.add(b.toRunningMs());
                rawLease.add(b.toLeaseMs());
            });
            String why = computeAvailable ? "" : "kvmstack side not measured: no servers API in this build (compute not merged)";
            List<Figure> figures = new ArrayList<>();
            figures.add(new Figure("create_to_running_ms", "create → running (median of " + options.runs() + ")", "ms",
                    null, rawRunning.median(), List.of(new Target.AtMostTimesBaseline(1.2), new Target.AddsLessThan(300, "ms")),
                    join("raw = define+start of " + template.origin() + "; runs " + rawRunning, why)));
            figures.add(new Figure("create_to_lease_ms", "create → guest DHCP lease (median of " + options.runs() + ")", "ms",
                    null, rawLease.median(), List.of(), join("lease seen in the network's DHCP leases (polled every "
                    + LeaseWatch.POLL.toMillis() + " ms); runs " + rawLease, why)));
            figures.add(new Figure("burst_to_running_ms", "burst of " + options.burst() + " creates → all running", "ms",
                    null, rawBurst, List.of(new Target.AtMostTimesBaseline(1.3)),
                    join(options.burst() + " concurrent define+start, " + BURST_MEMORY_KIB / 1024 + " MB each", why)));
            return figures;
        }
    }

    private static String join(String a, String b) {
        return b.isEmpty() ? a : a + "; " + b;
    }
}
