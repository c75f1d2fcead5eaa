package org.kvmstack.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.kvmstack.api.compute.DelegatedServerActions;
import org.kvmstack.api.compute.FlavorRoutes;
import org.kvmstack.api.compute.KeypairRoutes;
import org.kvmstack.api.compute.ServerRoutes;
import org.kvmstack.api.network.NetworkRoutes;
import org.kvmstack.cloud.compute.BootImages;
import org.kvmstack.cloud.compute.ComputeService;
import org.kvmstack.cloud.compute.ComputeSettings;
import org.kvmstack.cloud.compute.Instances;
import org.kvmstack.cloud.compute.IsoConfigDrives;
import org.kvmstack.cloud.compute.NetworkPorts;
import org.kvmstack.cloud.config.AllocationRatios;
import org.kvmstack.cloud.config.ControllerConfig;
import org.kvmstack.cloud.configdrive.ConfigDriveBuilder;
import org.kvmstack.cloud.console.ConsoleTargets;
import org.kvmstack.cloud.console.InstanceConsoleTargets;
import org.kvmstack.cloud.flavor.FlavorService;
import org.kvmstack.cloud.host.HostRegistration;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.cloud.host.Hosts;
import org.kvmstack.cloud.keypair.KeypairService;
import org.kvmstack.cloud.network.DefaultNetworks;
import org.kvmstack.cloud.network.PortService;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.virt.VirtConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute part of the controller: hosts registered from the configuration, default flavors, the
 * compute service with its worker threads and reconciler, and its routes. Images come from the image
 * service the controller started (see {@code ImageServiceBootImages}).
 */
final class ComputeWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeWiring.class);
    /** How long a spare-address refill waits after it is asked for (see the refill executor). */
    private static final java.time.Duration SPARE_REFILL_SETTLE = java.time.Duration.ofSeconds(2);
    /** A refill waits for running builds at most this long (a steady stream of creates must not starve it). */
    private static final java.time.Duration SPARE_REFILL_LONGEST = java.time.Duration.ofSeconds(30);
    private static final java.time.Duration SPARE_REFILL_RECHECK = java.time.Duration.ofMillis(500);

    private final VirtConnections connections;
    private final ExecutorService workers;
    private final ExecutorService spareRefill;
    private final ComputeService compute;
    private final java.util.function.Function<DelegatedServerActions, List<RouteModule>> routes;
    private final ConsoleTargets consoleTargets;

    private ComputeWiring(VirtConnections connections, ExecutorService workers, ExecutorService spareRefill,
                          ComputeService compute,
                          java.util.function.Function<DelegatedServerActions, List<RouteModule>> routes,
                          ConsoleTargets consoleTargets) {
        this.connections = connections;
        this.workers = workers;
        this.spareRefill = spareRefill;
        this.compute = compute;
        this.routes = routes;
        this.consoleTargets = consoleTargets;
    }

    static ComputeWiring start(ControllerConfig config, Database database, Clock clock, SecureRandom random,
                               ObjectMapper json, BootImages images) {
        FlavorService flavors = new FlavorService(database.jdbi(), clock);
        int created = flavors.bootstrapDefaults();
        if (created > 0) {
            LOG.info("created {} default flavors", created);
        }
        KeypairService keypairs = new KeypairService(database.jdbi(), clock, random);
        VirtConnections connections = new VirtConnections();
        HostRegistry hosts = new HostRegistry(new Hosts(database.jdbi(), clock), connections, clock);
        DefaultNetworks networks = new DefaultNetworks(database.jdbi(), config.defaultSubnetPool(), clock);
        config.hosts().forEach((name, uri) -> {
            try {
                AllocationRatios ratios = config.allocationRatios();
                HostResources host = hosts.register(new HostRegistration(name, uri, ratios.cpu(), ratios.ram(),
                        ratios.disk()));
                // Servers attach to the host's default network: have it defined and running before the first build.
                networks.ensure(host.host(), hosts.connection(host.host()));
            } catch (RuntimeException e) {
                // A host that is down at start must not stop the controller; its row (if any) stays.
                LOG.warn("host {} ({}) not reachable at start: {}", name, uri, e.toString());
            }
        });
        ExecutorService workers = Executors.newFixedThreadPool(config.computeWorkers(), r -> {
            Thread t = new Thread(r, "kvmstack-compute-worker");
            t.setDaemon(true);
            return t;
        });
        // One thread: refills add reservations one at a time (libvirt applies a network's updates nearly in turn
        // anyway), off the compute workers so a burst's builds never wait behind one. A refill waits until the
        // builds have settled (WhenBuildsSettle): its live network updates then run after the burst's QEMU starts
        // instead of beside them, and the takes of a burst share one refill.
        ScheduledExecutorService spareRefill = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kvmstack-spare-refill");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicReference<ComputeService> built = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.Executor settledRefill = new WhenBuildsSettle(spareRefill, () -> {
            ComputeService c = built.get();
            return c == null ? 0 : c.buildsInFlight();
        }, SPARE_REFILL_SETTLE, SPARE_REFILL_LONGEST, SPARE_REFILL_RECHECK);
        Instances instances = new Instances(database.jdbi(), clock);
        ComputeService compute = new ComputeService(instances, flavors, keypairs, hosts,
                images,
                new NetworkPorts(new PortService(database.jdbi(), hosts::connection, networks, clock,
                        config.spareAddresses(), settledRefill), networks),
                new IsoConfigDrives(new ConfigDriveBuilder()),
                new ComputeSettings(config.stopTimeout(), config.reconcileInterval(),
                        ComputeSettings.defaults().alwaysConfigDrive()), clock, workers);
        built.set(compute);
        compute.startReconciling();
        java.util.function.Function<DelegatedServerActions, List<RouteModule>> routes = delegated -> List.of(
                new FlavorRoutes(flavors, json), new KeypairRoutes(keypairs, json),
                new ServerRoutes(compute, flavors, hosts, json, delegated), new NetworkRoutes(networks));
        return new ComputeWiring(connections, workers, spareRefill, compute, routes, new InstanceConsoleTargets(instances, hosts));
    }

    /** Removes soon, off the caller's thread, the cached bases nothing needs any more (after an image delete). */
    void sweepUnusedBasesSoon() {
        compute.sweepUnusedBasesSoon();
    }

    /** Where each instance's consoles are, from the instance records and the registered hosts. */
    ConsoleTargets consoleTargets() {
        return consoleTargets;
    }

    /** Compute's routes, server actions other services answer handed to {@code delegated}. */
    List<RouteModule> routes(DelegatedServerActions delegated) {
        return routes.apply(delegated);
    }

    /** Stops reconciling, lets running host work finish (bounded), closes host connections. */
    @Override
    public void close() {
        compute.close();
        // A refill cut short leaves a spare pending; the repair at next start finishes it.
        spareRefill.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("compute work still running after 30 s; the reconciler finishes it at next start");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.close();
        }
    }
}
