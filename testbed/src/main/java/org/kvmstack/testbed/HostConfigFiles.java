package org.kvmstack.testbed;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A fresh /etc/libvirt for one host. Nothing is copied from the machine's /etc/libvirt except the stock
 * nwfilter definitions (so filters such as clean-traffic exist as on a real host); in particular the
 * system's autostarted "default" NAT network is not, since its fixed 192.168.122.0/24 would collide
 * between hosts.
 */
final class HostConfigFiles {
    private static final Path SYSTEM_NWFILTERS = Path.of("/etc/libvirt/nwfilter");

    private HostConfigFiles() {
    }

    static void write(Path etcDir, String fabricAddress) {
        new LibvirtConfFile()
                .set("listen_tls", 0)
                .set("listen_tcp", 1)
                .set("auth_tcp", "none")
                .set("tcp_port", "16509")
                // Only on the fabric address: the host is reachable from its peers and nowhere else.
                .set("listen_addr", fabricAddress)
                // libvirt refuses to migrate between hosts with the same UUID, and all of ours share the machine's SMBIOS.
                .set("host_uuid", UUID.randomUUID().toString())
                .set("log_outputs", "3:file:/var/log/libvirt/libvirtd.log")
                .writeTo(etcDir.resolve("libvirtd.conf"));
        new LibvirtConfFile()
                .set("log_outputs", "3:file:/var/log/libvirt/virtlogd.log")
                .writeTo(etcDir.resolve("virtlogd.conf"));
        new LibvirtConfFile()
                .set("user", "root")
                .set("group", "root")
                // No apparmor/selinux profiles exist for private directories like ours.
                .set("security_driver", "none")
                // Hosts share the machine's cgroup tree; "qemu-1-vm" on two hosts would be the same cgroup.
                .set("cgroup_controllers", List.of())
                // A per-guest /dev namespace adds nothing inside a test host and fails in some containers.
                .set("namespaces", List.of())
                // Migration data must flow over the fabric, not to the machine's hostname (shared by all hosts).
                .set("migration_address", fabricAddress)
                .set("migration_host", fabricAddress)
                .writeTo(etcDir.resolve("qemu.conf"));
        copyNwfilters(etcDir.resolve("nwfilter"));
    }

    private static void copyNwfilters(Path target) {
        try {
            Files.createDirectories(target);
            if (!Files.isDirectory(SYSTEM_NWFILTERS)) {
                return;
            }
            try (DirectoryStream<Path> filters = Files.newDirectoryStream(SYSTEM_NWFILTERS, "*.xml")) {
                for (Path filter : filters) {
                    Files.copy(filter, target.resolve(filter.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new TestBedException("cannot prepare " + target, e);
        }
    }
}
