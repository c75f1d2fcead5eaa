package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.configdrive.ConfigDriveBuilder;
import org.kvmstack.cloud.flavor.FlavorService;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistration;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.cloud.host.Hosts;
import org.kvmstack.cloud.keypair.KeypairService;
import org.kvmstack.cloud.network.DefaultNetworks;
import org.kvmstack.cloud.network.PortService;
import org.kvmstack.cloud.network.SubnetPool;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnections;
import org.kvmstack.virt.xml.domain.Domain;

/**
 * The production adapters of the network slice on libvirt's test driver: a server's ports come from
 * {@link PortService} on the host's {@code kvmstack-default} network (the domain's NIC carries the port's MAC, the
 * reservation is in the network), and go with the server; the config drive adapter writes the ports into a real
 * {@code config-2} ISO.
 */
class NetworkPortsTest {
    private Database database;
    private VirtConnections connections;
    private ComputeService compute;
    private Instances instances;
    private NetworkPorts ports;
    private HostResources host;

    @BeforeEach
    void start(@TempDir Path dir) {
        Clock clock = Clock.systemUTC();
        database = Database.open(DatabaseConfig.sqliteIn(dir));
        connections = new VirtConnections();
        instances = new Instances(database.jdbi(), clock);
        FlavorService flavors = new FlavorService(database.jdbi(), clock);
        flavors.bootstrapDefaults();
        HostRegistry hosts = new HostRegistry(new Hosts(database.jdbi(), clock), connections);
        host = hosts.register(HostRegistration.withDefaultRatios("test1", "test:///default"));
        DefaultNetworks networks = new DefaultNetworks(database.jdbi(), SubnetPool.defaults(), clock);
        ports = new NetworkPorts(new PortService(database.jdbi(), hosts::connection, networks, clock), networks);
        compute = new ComputeService(instances, flavors, new KeypairService(database.jdbi(), clock, new SecureRandom()),
                hosts, new PoolImages(), ports, content -> new byte[] {1},
                new ComputeSettings(Duration.ofSeconds(1), Duration.ZERO, false), clock, Runnable::run);
    }

    @AfterEach
    void stop() {
        compute.close();
        connections.close();
        database.close();
    }

    @Test
    void aServersNicIsItsPortOnTheDefaultNetworkAndLeavesWithIt() {
        Instance server = compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("netted"));

        assertThat(instances.find(server.id()).orElseThrow().status()).isEqualTo("ACTIVE");
        List<InstancePort> nics = compute.portsOf(server.id());
        assertThat(nics).singleElement().satisfies(p -> {
            assertThat(p.libvirtNetwork()).isEqualTo(HostLayout.DEFAULT_NETWORK);
            assertThat(p.mac()).startsWith("fa:16:3e:");
            assertThat(p.ip()).startsWith("10.87.");
        });
        var conn = connections.get("test:///default");
        Domain domain = Domain.parse(conn.domains().xml(DomainRef.of(server.id()), java.util.Set.of()));
        String bridge = conn.networks().get(HostLayout.DEFAULT_NETWORK).bridge();
        assertThat(domain.devices().interfaces()).singleElement().satisfies(i -> {
            assertThat(i.mac().toString()).isEqualTo(nics.get(0).mac());
            // On the network's bridge, not type='network': the start must not wait for libvirt's network driver.
            assertThat(i.type()).isEqualTo(org.kvmstack.virt.xml.domain.InterfaceType.BRIDGE);
            assertThat(i.source()).isNotBlank().isEqualTo(bridge);
        });
        assertThat(conn.networks().xml(HostLayout.DEFAULT_NETWORK, false)).contains(nics.get(0).mac());
        assertThat(compute.defaultNetworkId()).isPresent();

        compute.delete(ComputeFixture.ALICE, server.id());

        assertThat(compute.portsOf(server.id())).isEmpty();
        assertThat(conn.networks().xml(HostLayout.DEFAULT_NETWORK, false)).doesNotContain(nics.get(0).mac());
    }

    @Test
    void configDriveAdapterWritesTheServersPortsIntoAConfig2Iso(@TempDir Path dir) throws Exception {
        UUID instance = UUID.randomUUID();
        InstancePort port = new InstancePort(UUID.randomUUID(), HostLayout.DEFAULT_NETWORK, "fa:16:3e:00:00:07",
                "10.87.0.7", 24, "10.87.0.1", List.of("10.87.0.1"));

        byte[] iso = new IsoConfigDrives(new ConfigDriveBuilder()).build(new ConfigDriveContent(instance, "Web 01",
                "web-01", Map.of("role", "web"), Map.of("k", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me"),
                "echo hi".getBytes(StandardCharsets.UTF_8), List.of(port)));

        assertThat(new String(iso, 0x8028, 8, StandardCharsets.US_ASCII)).isEqualTo("config-2");
        Path file = Files.write(dir.resolve("cd.iso"), iso);
        Path out = dir.resolve("out");
        Process p = new ProcessBuilder("xorriso", "-osirrox", "on", "-indev", file.toString(), "-extract",
                "/openstack/latest", out.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        String network = Files.readString(out.resolve("network_data.json"));
        assertThat(network).contains("10.87.0.7").contains("fa:16:3e:00:00:07").contains(port.id().toString());
        assertThat(Files.readString(out.resolve("meta_data.json"))).contains(instance.toString()).contains("web-01");
    }
}
