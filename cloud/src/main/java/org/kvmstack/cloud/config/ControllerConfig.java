package org.kvmstack.cloud.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.kvmstack.cloud.network.SubnetPool;

/**
 * Everything the controller needs to start, validated. Built by {@link ConfigLoader}; never
 * mutated afterwards, so it can be handed to every component without a global.
 *
 * @param dataDir          where the embedded database, image bytes and the admin password live
 * @param bindAddress      the address the HTTP server listens on
 * @param port             the HTTP port (0 picks a free one, for tests)
 * @param publicUrl        the base URL clients use to reach this controller; catalog entries and
 *                         version documents are absolute URLs under it. Empty means "derive it
 *                         from the bound address and port"
 * @param database         where state is stored
 * @param tokenTtl         how long an issued token stays valid
 * @param region           the region name shown in the service catalog
 * @param hosts            compute hosts to register at start, name → libvirt URI
 *                         ({@code hosts = lab1=qemu+unix:///system?socket=/run/lab1/libvirt-sock, lab2=...})
 * @param networkDefaultCidr {@code network.default_cidr}: where each host's default network takes its /24
 *                         from (validated; {@link #defaultSubnetPool()} parses it)
 * @param imageMaxSize     {@code image.max_size}: the largest image upload in bytes; empty for no limit
 * @param stopTimeout      how long stopping a server waits for the guest to power off after ACPI before the
 *                         domain is destroyed ({@code compute.stop_timeout}, positive)
 * @param reconcileInterval how often every host is compared with the store ({@code compute.reconcile_interval};
 *                         zero disables the timer: reconciling then happens at start only)
 * @param allocationRatios the scheduler's allocation ratios for the configured hosts
 *                         ({@code compute.cpu_allocation_ratio}, {@code compute.ram_allocation_ratio},
 *                         {@code compute.disk_allocation_ratio})
 * @param spareAddresses   {@code network.spare_addresses}: pre-reserved (MAC, IP) pairs each host network keeps
 *                         for new servers' ports, 0..{@value #MAX_SPARE_ADDRESSES}; 0 disables them
 * @param computeWorkers   {@code compute.workers}: threads for host work (builds, actions, deletes, snapshots),
 *                         1..{@value #MAX_COMPUTE_WORKERS}
 */
public record ControllerConfig(
        Path dataDir,
        String bindAddress,
        int port,
        Optional<URI> publicUrl,
        DatabaseConfig database,
        Duration tokenTtl,
        String region,
        Map<String, String> hosts,
        String networkDefaultCidr,
        OptionalLong imageMaxSize,
        Duration stopTimeout,
        Duration reconcileInterval,
        AllocationRatios allocationRatios,
        int spareAddresses,
        int computeWorkers) {

    /**
     * As many builds at once as libvirtd serves calls at once (its {@code max_workers}, 20 by default), and a few
     * for actions and deletes beside them. A build's host work is mostly waiting for libvirtd, so a smaller pool
     * only queues creates in the controller that libvirtd could have started (a burst of 20 went from 17 to 12 s).
     */
    public static final int DEFAULT_COMPUTE_WORKERS = 24;
    public static final int MAX_COMPUTE_WORKERS = 256;
    /**
     * Enough for a burst of 20 creates (a Terraform or Heat stack) to skip the live DHCP update, few enough to cost a
     * /24 little (they are addresses its next servers take, not lost ones). Beyond the spares, libvirt applies the
     * live updates one at a time while the burst's guests start: a burst of 20 took 30 s with 8 spares, 8-9 s with 24.
     */
    public static final int DEFAULT_SPARE_ADDRESSES = 24;
    /** A quarter of a default /24 network's fixed addresses at most. */
    public static final int MAX_SPARE_ADDRESSES = 64;

    /** Compute's timer defaults: a minute to stop, a reconcile pass every minute. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(60);

    /** A configuration with compute's default timers. */
    public ControllerConfig(Path dataDir, String bindAddress, int port, Optional<URI> publicUrl,
                            DatabaseConfig database, Duration tokenTtl, String region, Map<String, String> hosts,
                            String networkDefaultCidr, OptionalLong imageMaxSize) {
        this(dataDir, bindAddress, port, publicUrl, database, tokenTtl, region, hosts, networkDefaultCidr,
                imageMaxSize, DEFAULT_STOP_TIMEOUT, DEFAULT_RECONCILE_INTERVAL);
    }

    /** A configuration with the default allocation ratios. */
    public ControllerConfig(Path dataDir, String bindAddress, int port, Optional<URI> publicUrl,
                            DatabaseConfig database, Duration tokenTtl, String region, Map<String, String> hosts,
                            String networkDefaultCidr, OptionalLong imageMaxSize, Duration stopTimeout,
                            Duration reconcileInterval) {
        this(dataDir, bindAddress, port, publicUrl, database, tokenTtl, region, hosts, networkDefaultCidr,
                imageMaxSize, stopTimeout, reconcileInterval, AllocationRatios.defaults());
    }

    /** A configuration with the default number of spare addresses. */
    public ControllerConfig(Path dataDir, String bindAddress, int port, Optional<URI> publicUrl,
                            DatabaseConfig database, Duration tokenTtl, String region, Map<String, String> hosts,
                            String networkDefaultCidr, OptionalLong imageMaxSize, Duration stopTimeout,
                            Duration reconcileInterval, AllocationRatios allocationRatios) {
        this(dataDir, bindAddress, port, publicUrl, database, tokenTtl, region, hosts, networkDefaultCidr,
                imageMaxSize, stopTimeout, reconcileInterval, allocationRatios, DEFAULT_SPARE_ADDRESSES);
    }

    /** A configuration with the default number of compute workers. */
    public ControllerConfig(Path dataDir, String bindAddress, int port, Optional<URI> publicUrl,
                            DatabaseConfig database, Duration tokenTtl, String region, Map<String, String> hosts,
                            String networkDefaultCidr, OptionalLong imageMaxSize, Duration stopTimeout,
                            Duration reconcileInterval, AllocationRatios allocationRatios, int spareAddresses) {
        this(dataDir, bindAddress, port, publicUrl, database, tokenTtl, region, hosts, networkDefaultCidr,
                imageMaxSize, stopTimeout, reconcileInterval, allocationRatios, spareAddresses,
                DEFAULT_COMPUTE_WORKERS);
    }

    public ControllerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(region, "region");
        hosts = Map.copyOf(Objects.requireNonNull(hosts, "hosts"));
        Objects.requireNonNull(networkDefaultCidr, "networkDefaultCidr");
        Objects.requireNonNull(imageMaxSize, "imageMaxSize");
        Objects.requireNonNull(allocationRatios, "allocationRatios");
        if (stopTimeout == null || stopTimeout.isNegative() || stopTimeout.isZero()) {
            throw new IllegalArgumentException("stopTimeout must be positive, got " + stopTimeout);
        }
        if (spareAddresses < 0 || spareAddresses > MAX_SPARE_ADDRESSES) {
            throw new IllegalArgumentException("spareAddresses must be 0.." + MAX_SPARE_ADDRESSES + ", got "
                    + spareAddresses);
        }
        if (computeWorkers < 1 || computeWorkers > MAX_COMPUTE_WORKERS) {
            throw new IllegalArgumentException("computeWorkers must be 1.." + MAX_COMPUTE_WORKERS + ", got "
                    + computeWorkers);
        }
        if (reconcileInterval == null || reconcileInterval.isNegative()) {
            throw new IllegalArgumentException("reconcileInterval must be zero or positive, got " + reconcileInterval);
        }
    }

    /** The candidate subnets of the per-host default network. */
    public SubnetPool defaultSubnetPool() {
        return SubnetPool.parse(networkDefaultCidr);
    }

    /** The file the first admin password is written to at bootstrap. */
    public Path adminPasswordFile() {
        return dataDir.resolve("admin-password");
    }
}
