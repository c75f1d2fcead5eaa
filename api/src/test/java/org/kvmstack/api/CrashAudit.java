package org.kvmstack.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.DomainSummary;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VolumeSummary;
import org.kvmstack.virt.xml.network.DhcpHost;
import org.kvmstack.virt.xml.network.Network;
import org.kvmstack.virt.xml.network.NetworkIp;

/**
 * The crash audit's invariants: what the store says was asked for, checked against what one host has, so that a
 * controller killed at any step and restarted is seen to have lost nothing and leaked nothing. It reads the store
 * with plain SQL (a test must not trust the code it audits) and the host through virt's API, and reports each
 * violation as a sentence naming the thing and its id. It is meant to run once the controller has settled (no
 * server has a task): a domain, volume or DHCP entry that a running task is still making would be reported.
 *
 * <p>Checked:
 * <ul>
 *   <li>every {@code instance-<uuid>} domain belongs to a non-deleted instance of this host, and every non-deleted
 *       active/stopped/paused instance has its domain;</li>
 *   <li>every volume of the {@code kvmstack} pool is the cached base of an existing image, or the root disk, config
 *       drive or console log of a non-deleted instance (so no {@code snapshot-*} copy is left);</li>
 *   <li>the DHCP host entries of the default network and the ports of non-deleted instances plus the spare
 *       addresses (status SPARE, owned by no instance) are the same (MAC, IP) pairs; a spare still SPARE_PENDING
 *       (its refill running or interrupted) may have its entry or not; no port of a deleted or unknown instance;
 *       MACs and IPs unique among live ports and spares;</li>
 *   <li>no deleted instance still holds a claim, and the host's claimed vCPU/RAM/disk (what the scheduler sums)
 *       equals the sum over non-deleted claimed instances;</li>
 *   <li>no image in queued/saving that no live instance's snapshot is writing.</li>
 * </ul>
 */
final class CrashAudit {
    private static final Pattern INSTANCE_DOMAIN = Pattern.compile("instance-([0-9a-f-]{36})");
    private static final Pattern INSTANCE_VOLUME =
            Pattern.compile("([0-9a-f-]{36})-(disk\\.qcow2|config\\.iso|console\\.log)");
    private static final Set<String> NEEDS_DOMAIN = Set.of("active", "stopped", "paused");

    private final Jdbi store;
    private final VirtConnection host;
    private final String hostName;

    /**
     * @param store    the controller's store
     * @param host     a connection to the audited host
     * @param hostName the name the host is registered under in the store
     */
    CrashAudit(Jdbi store, VirtConnection host, String hostName) {
        this.store = Objects.requireNonNull(store, "store");
        this.host = Objects.requireNonNull(host, "host");
        this.hostName = Objects.requireNonNull(hostName, "hostName");
    }

    /** A stored instance as the audit needs it. */
    private record Row(UUID id, String hostId, String vmState, String taskState, boolean claimed, boolean deleted,
                       int vcpus, long memoryMb, long diskGb, String snapshotImageId) {}

    /** A stored port. */
    private record Port(String id, String instanceId, String mac, String ip, String status) {
        boolean spare() {
            return "SPARE".equals(status) || "SPARE_PENDING".equals(status);
        }
    }

    /** All violations found now; empty when the host and the store agree. */
    List<String> violations() {
        List<String> found = new ArrayList<>();
        String hostId = store.withHandle(h -> h.createQuery("SELECT id FROM hosts WHERE name = :n")
                .bind("n", hostName).mapTo(String.class).findOne())
                .orElseThrow(() -> new IllegalStateException("no host named " + hostName + " in the store"));
        Map<UUID, Row> instances = new HashMap<>();
        store.useHandle(h -> h.createQuery("SELECT id, host_id, vm_state, task_state, claimed, deleted, vcpus, "
                        + "memory_mb, disk_gb, snapshot_image_id FROM instances")
                .map((rs, ctx) -> new Row(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5), rs.getBoolean(6), rs.getInt(7), rs.getLong(8),
                        rs.getLong(9), rs.getString(10)))
                .forEach(r -> instances.put(r.id(), r)));
        checkDomains(hostId, instances, found);
        checkVolumes(hostId, instances, found);
        checkPorts(instances, found);
        checkClaims(hostId, instances, found);
        checkImages(instances, found);
        return found;
    }

    private static boolean live(Row r) {
        return r != null && !r.deleted();
    }

    private void checkDomains(String hostId, Map<UUID, Row> instances, List<String> found) {
        Set<UUID> domains = new HashSet<>();
        for (DomainSummary d : host.domains().list()) {
            Matcher m = INSTANCE_DOMAIN.matcher(d.name());
            if (!m.matches()) {
                continue; // not ours
            }
            UUID id = UUID.fromString(m.group(1));
            domains.add(id);
            Row r = instances.get(id);
            if (r == null) {
                found.add("domain " + d.name() + " (" + d.state() + ") belongs to no stored instance");
            } else if (r.deleted()) {
                found.add("domain " + d.name() + " (" + d.state() + ") belongs to deleted instance " + id);
            } else if (!hostId.equals(r.hostId())) {
                found.add("domain " + d.name() + " belongs to instance " + id + " of host " + r.hostId());
            }
        }
        for (Row r : instances.values()) {
            if (live(r) && hostId.equals(r.hostId()) && NEEDS_DOMAIN.contains(r.vmState()) && !domains.contains(r.id())) {
                found.add("instance " + r.id() + " is " + r.vmState() + " but has no domain on the host");
            }
        }
    }

    private void checkVolumes(String hostId, Map<UUID, Row> instances, List<String> found) {
        // The console log is written by QEMU, not created through libvirt: refresh so the pool lists it.
        host.storage().refreshPool(HostLayout.POOL_NAME);
        // A base is named by the checksum of the bytes (base-<sha256>.<format>): any image with those bytes keeps it.
        Set<String> imageChecksums = new HashSet<>(store.withHandle(h -> h.createQuery(
                "SELECT sha256 FROM images WHERE sha256 IS NOT NULL").mapTo(String.class).list()));
        for (VolumeSummary v : host.storage().volumes(HostLayout.POOL_NAME)) {
            String name = v.name();
            if (name.startsWith("base-")) {
                String sha256 = name.substring("base-".length()).replaceFirst("\\..*$", "");
                if (!imageChecksums.contains(sha256)) {
                    found.add("volume " + name + " is a cached base of no existing image");
                }
                continue;
            }
            Matcher m = INSTANCE_VOLUME.matcher(name);
            if (m.matches()) {
                UUID id = UUID.fromString(m.group(1));
                Row r = instances.get(id);
                if (!live(r)) {
                    found.add("volume " + name + " belongs to " + (r == null ? "no stored" : "deleted")
                            + " instance " + id);
                } else if (!hostId.equals(r.hostId())) {
                    found.add("volume " + name + " belongs to instance " + id + " of host " + r.hostId());
                }
                continue;
            }
            found.add("volume " + name + " is no base, disk, config drive or console log"
                    + (name.startsWith("snapshot-") ? " (a snapshot copy left behind)" : ""));
        }
    }

    private void checkPorts(Map<UUID, Row> instances, List<String> found) {
        List<Port> ports = store.withHandle(h -> h.createQuery("SELECT id, instance_id, mac, ip, status FROM ports")
                .map((rs, ctx) -> new Port(rs.getString(1), rs.getString(2), rs.getString(3).toLowerCase(),
                        rs.getString(4), rs.getString(5)))
                .list());
        Set<String> storedPairs = new HashSet<>();
        Set<String> pendingSparePairs = new HashSet<>();
        Map<String, String> macOwner = new HashMap<>();
        Map<String, String> ipOwner = new HashMap<>();
        for (Port p : ports) {
            Row r = p.spare() ? null : instances.get(UUID.fromString(p.instanceId()));
            if (!p.spare() && !live(r)) {
                found.add("port " + p.id() + " (" + p.mac() + ", " + p.ip() + ") belongs to "
                        + (r == null ? "no stored" : "deleted") + " instance " + p.instanceId());
                continue;
            }
            ("SPARE_PENDING".equals(p.status()) ? pendingSparePairs : storedPairs).add(p.mac() + " " + p.ip());
            String otherMac = macOwner.putIfAbsent(p.mac(), p.id());
            if (otherMac != null) {
                found.add("MAC " + p.mac() + " is on live ports " + otherMac + " and " + p.id());
            }
            String otherIp = ipOwner.putIfAbsent(p.ip(), p.id());
            if (otherIp != null) {
                found.add("IP " + p.ip() + " is on live ports " + otherIp + " and " + p.id());
            }
        }
        Set<String> dhcpPairs = new HashSet<>();
        if (host.networks().find(HostLayout.DEFAULT_NETWORK).isPresent()) {
            Network network = Network.parse(host.networks().xml(HostLayout.DEFAULT_NETWORK, false));
            for (NetworkIp ip : network.ips()) {
                for (DhcpHost d : ip.dhcpHosts()) {
                    dhcpPairs.add((d.mac() == null ? "-" : d.mac().value()) + " " + d.ip());
                }
            }
        }
        for (String pair : dhcpPairs) {
            if (!storedPairs.contains(pair) && !pendingSparePairs.contains(pair)) {
                found.add("DHCP host entry (" + pair.replace(' ', ',') + ") of " + HostLayout.DEFAULT_NETWORK
                        + " matches no port of a live instance and no spare address");
            }
        }
        for (String pair : storedPairs) {
            if (!dhcpPairs.contains(pair)) {
                found.add("port (" + pair.replace(' ', ',') + ") of a live instance has no DHCP host entry in "
                        + HostLayout.DEFAULT_NETWORK);
            }
        }
    }

    private void checkClaims(String hostId, Map<UUID, Row> instances, List<String> found) {
        long[] expected = new long[3];
        for (Row r : instances.values()) {
            if (!r.claimed() || !hostId.equals(r.hostId())) {
                continue;
            }
            if (r.deleted()) {
                found.add("deleted instance " + r.id() + " still claims " + r.vcpus() + " vCPU, " + r.memoryMb()
                        + " MiB, " + r.diskGb() + " GiB");
                continue;
            }
            expected[0] += r.vcpus();
            expected[1] += r.memoryMb();
            expected[2] += r.diskGb();
        }
        // What the scheduler sums when it places the next server (Instances.claimsByHost's query).
        long[] claimed = store.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(vcpus), 0), "
                        + "COALESCE(SUM(memory_mb), 0), COALESCE(SUM(disk_gb), 0) FROM instances "
                        + "WHERE claimed = TRUE AND host_id = :host")
                .bind("host", hostId)
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).one());
        if (claimed[0] != expected[0] || claimed[1] != expected[1] || claimed[2] != expected[2]) {
            found.add(String.format("host %s claims %d vCPU, %d MiB, %d GiB but its live claimed instances sum to"
                    + " %d vCPU, %d MiB, %d GiB", hostName, claimed[0], claimed[1], claimed[2], expected[0],
                    expected[1], expected[2]));
        }
    }

    private void checkImages(Map<UUID, Row> instances, List<String> found) {
        Set<String> writing = new HashSet<>();
        for (Row r : instances.values()) {
            if (live(r) && r.snapshotImageId() != null && r.taskState() != null) {
                writing.add(r.snapshotImageId());
            }
        }
        store.useHandle(h -> h.createQuery("SELECT id, status FROM images WHERE status IN ('QUEUED', 'SAVING')")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> {
                    if (!writing.contains(e.getKey())) {
                        found.add("image " + e.getKey() + " is " + e.getValue().toLowerCase() + " but no snapshot is writing it");
                    }
                }));
    }
}
