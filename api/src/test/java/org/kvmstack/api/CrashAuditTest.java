package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.virt.VirtConnection;

/**
 * The crash auditor finds each kind of leak it promises to, and nothing on a consistent host: a real store (SQLite,
 * migrated) and libvirt's test driver on a private host file (its own state, unlike {@code test:///default}).
 */
class CrashAuditTest {
    private static final String SHA = "ab".repeat(32);
    private static final UUID LIVE = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final UUID GONE = UUID.fromString("22222222-2222-4222-8222-222222222222");

    @TempDir
    Path dir;
    private Database database;
    private VirtConnection host;
    private CrashAudit audit;

    @BeforeEach
    void consistentHost() throws Exception {
        database = Database.open(DatabaseConfig.sqliteIn(dir));
        Path node = dir.resolve("host.xml");
        Files.writeString(node, "<node><cpu><nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>1</threads>"
                + "<active>4</active><mhz>2600</mhz><model>x86_64</model></cpu><memory>8388608</memory></node>");
        host = VirtConnection.open("test://" + node);
        host.storage().definePool("<pool type='dir'><name>kvmstack</name><target><path>/nonexistent/kvmstack</path>"
                + "</target></pool>");
        host.storage().startPool(HostLayout.POOL_NAME);
        volume(HostLayout.baseImageVolume(SHA, "qcow2"));
        volume(HostLayout.rootDiskVolume(LIVE));
        volume(HostLayout.configDriveVolume(LIVE));
        host.networks().createTransient("<network><name>kvmstack-default</name><bridge name='ksbr0'/>"
                + "<ip address='10.88.0.1' netmask='255.255.255.0'><dhcp><range start='10.88.0.10' end='10.88.0.99'/>"
                + "<host mac='52:54:00:00:00:01' ip='10.88.0.10'/></dhcp></ip></network>");
        host.domains().define("<domain type='test'><name>instance-" + LIVE + "</name><uuid>" + LIVE + "</uuid>"
                + "<memory>65536</memory><os><type>hvm</type></os></domain>");
        database.jdbi().useHandle(h -> {
            h.execute("INSERT INTO hosts (id, name, uri, domain_type, vcpus, memory_mb, disk_gb, updated_at) "
                    + "VALUES ('h1', 'lab', 'test', 'qemu', 4, 8192, 100, 0)");
            h.execute("INSERT INTO images (id, name, status, visibility, sha256, created_at, updated_at) "
                    + "VALUES ('img', 'tiny', 'ACTIVE', 'public', ?, 0, 0)", SHA);
            instance(h, LIVE, "active", false);
            instance(h, GONE, "deleted", true);
            h.execute("INSERT INTO networks (id, name, host_id, host_name, host_uri, libvirt_network, bridge, created_at)"
                    + " VALUES ('n1', 'kvmstack-default', 'h1', 'lab', 'test', 'kvmstack-default', 'ksbr0', 0)");
            h.execute("INSERT INTO subnets (id, network_id, cidr, gateway_ip, allocation_start, allocation_end, "
                    + "dns_servers, created_at) VALUES ('s1', 'n1', '10.88.0.0/24', '10.88.0.1', '10.88.0.10', "
                    + "'10.88.0.99', '', 0)");
            h.execute("INSERT INTO ports (id, instance_id, port_index, network_id, subnet_id, mac, ip, status, "
                    + "created_at) VALUES ('p1', ?, 0, 'n1', 's1', '52:54:00:00:00:01', '10.88.0.10', 'ACTIVE', 0)",
                    LIVE.toString());
        });
        audit = new CrashAudit(database.jdbi(), host, "lab");
    }

    @AfterEach
    void close() {
        host.close();
        database.close();
    }

    @Test
    void aConsistentHostHasNoViolations() {
        assertThat(audit.violations()).isEmpty();
    }

    @Test
    void reportsEachLeakWithItsId() {
        volume(HostLayout.snapshotVolume("snapimg"));
        volume(HostLayout.rootDiskVolume(GONE));
        host.domains().define("<domain type='test'><name>instance-" + GONE + "</name><uuid>" + GONE + "</uuid>"
                + "<memory>65536</memory><os><type>hvm</type></os></domain>");
        database.jdbi().useHandle(h -> {
            h.execute("UPDATE instances SET claimed = TRUE WHERE id = ?", GONE.toString());
            h.execute("INSERT INTO images (id, name, status, visibility, created_at, updated_at) "
                    + "VALUES ('snapimg', 'snap', 'SAVING', 'private', 0, 0)");
            h.execute("INSERT INTO ports (id, instance_id, port_index, network_id, subnet_id, mac, ip, status, "
                    + "created_at) VALUES ('p2', ?, 0, 'n1', 's1', '52:54:00:00:00:02', '10.88.0.11', 'ACTIVE', 0)",
                    GONE.toString());
        });

        assertThat(audit.violations()).containsExactlyInAnyOrder(
                "domain instance-" + GONE + " (SHUTOFF) belongs to deleted instance " + GONE,
                "volume snapshot-snapimg.qcow2 is no base, disk, config drive or console log (a snapshot copy left behind)",
                "volume " + GONE + "-disk.qcow2 belongs to deleted instance " + GONE,
                "port p2 (52:54:00:00:00:02, 10.88.0.11) belongs to deleted instance " + GONE,
                "deleted instance " + GONE + " still claims 1 vCPU, 512 MiB, 1 GiB",
                "host lab claims 2 vCPU, 1024 MiB, 2 GiB but its live claimed instances sum to 1 vCPU, 512 MiB, 1 GiB",
                "image snapimg is saving but no snapshot is writing it");
    }

    @Test
    void aMissingDomainAndADhcpEntryWithoutPortAreReported() {
        host.domains().undefine(org.kvmstack.virt.DomainRef.of(LIVE), java.util.Set.of());
        database.jdbi().useHandle(h -> h.execute("DELETE FROM ports WHERE id = 'p1'"));

        assertThat(audit.violations()).containsExactlyInAnyOrder(
                "instance " + LIVE + " is active but has no domain on the host",
                "DHCP host entry (52:54:00:00:00:01,10.88.0.10) of kvmstack-default matches no port of a live instance and no spare address");
    }

    @Test
    void spareAddressesAreExpectedDhcpEntriesAndAPendingOneMayLackItsEntry() {
        host.networks().addDhcpHost("kvmstack-default", new org.kvmstack.virt.DhcpHostEntry("fa:16:3e:00:00:03",
                "10.88.0.12", null));
        database.jdbi().useHandle(h -> {
            // A spare (owned by no instance: instance_id is its own random id) with its live entry, and a pending one
            // whose refill was cut before its entry was added.
            h.execute("INSERT INTO ports (id, instance_id, port_index, network_id, subnet_id, mac, ip, status, "
                    + "created_at) VALUES ('s3', ?, 0, 'n1', 's1', 'fa:16:3e:00:00:03', '10.88.0.12', 'SPARE', 0)",
                    UUID.randomUUID().toString());
            h.execute("INSERT INTO ports (id, instance_id, port_index, network_id, subnet_id, mac, ip, status, "
                    + "created_at) VALUES ('s4', ?, 0, 'n1', 's1', 'fa:16:3e:00:00:04', '10.88.0.13', 'SPARE_PENDING', 0)",
                    UUID.randomUUID().toString());
            h.execute("INSERT INTO ports (id, instance_id, port_index, network_id, subnet_id, mac, ip, status, "
                    + "created_at) VALUES ('s5', ?, 0, 'n1', 's1', 'fa:16:3e:00:00:05', '10.88.0.14', 'SPARE', 0)",
                    UUID.randomUUID().toString());
        });

        assertThat(audit.violations()).containsExactly(
                "port (fa:16:3e:00:00:05,10.88.0.14) of a live instance has no DHCP host entry in kvmstack-default");
    }

    private void volume(String name) {
        host.storage().createVolume(HostLayout.POOL_NAME, "<volume><name>" + name + "</name><capacity>1048576</capacity>"
                + "</volume>");
    }

    private static void instance(Handle h, UUID id, String vmState, boolean deleted) {
        h.execute("INSERT INTO instances (id, name, project_id, user_id, host_id, image_id, flavor_id, flavor_name, "
                + "vcpus, memory_mb, disk_gb, claimed, config_drive, vm_state, build_step, created_at, updated_at, "
                + "deleted) VALUES (?, 'srv', 'p', 'u', 'h1', 'img', '1', 'm1.tiny', 1, 512, 1, ?, TRUE, ?, 'DONE', 0, 0,"
                + " ?)", id.toString(), !deleted, vmState, deleted);
    }
}
