package org.kvmstack.cloud.compute;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import org.kvmstack.cloud.flavor.FlavorService;
import org.kvmstack.cloud.host.HostRegistration;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.Hosts;
import org.kvmstack.cloud.keypair.KeypairService;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtConnections;

/** A compute service over a real store and libvirt's test driver as the one host; host work runs inline by default. */
final class ComputeFixture implements AutoCloseable {
    static final Caller ALICE = new Caller("project-a", "alice", false);
    static final Caller BOB = new Caller("project-b", "bob", false);
    static final Caller ADMIN = new Caller("admin-project", "admin", true);

    final Database database;
    final VirtConnections connections = new VirtConnections();
    final Instances instances;
    final FlavorService flavors;
    final KeypairService keypairs;
    final HostRegistry hosts;
    final MemoryPorts ports = new MemoryPorts();
    final ComputeService compute;
    final String uri;

    ComputeFixture(Path dir, String uri, ComputeSettings settings) {
        this(dir, uri, settings, new PoolImages());
    }

    ComputeFixture(Path dir, String uri, ComputeSettings settings, BootImages images) {
        this(dir, uri, settings, images, content -> new byte[] {1, 2, 3}, Runnable::run);
    }

    /** With the config-drive step and the worker of the test's choosing (e.g. a pool, to build concurrently). */
    ComputeFixture(Path dir, String uri, ComputeSettings settings, BootImages images, ConfigDrives drives,
                   Executor worker) {
        this.uri = uri;
        Clock clock = Clock.systemUTC();
        database = Database.open(DatabaseConfig.sqliteIn(dir));
        instances = new Instances(database.jdbi(), clock);
        flavors = new FlavorService(database.jdbi(), clock);
        flavors.bootstrapDefaults();
        keypairs = new KeypairService(database.jdbi(), clock, new SecureRandom());
        hosts = new HostRegistry(new Hosts(database.jdbi(), clock), connections, clock);
        hosts.register(HostRegistration.withDefaultRatios("test1", uri));
        compute = new ComputeService(instances, flavors, keypairs, hosts, images, ports, drives, settings,
                clock, worker);
    }

    static ComputeFixture onTestDriver(Path dir) {
        return new ComputeFixture(dir, "test:///default",
                new ComputeSettings(Duration.ofSeconds(1), Duration.ZERO, false));
    }

    VirtConnection host() {
        return connections.get(uri);
    }

    static ServerCreateRequest tiny(String name) {
        return new ServerCreateRequest(name, PoolImages.IMAGE_ID, "1", 1, null, null, Map.of("role", "test"), false);
    }

    @Override
    public void close() {
        compute.close();
        connections.close();
        database.close();
    }
}
