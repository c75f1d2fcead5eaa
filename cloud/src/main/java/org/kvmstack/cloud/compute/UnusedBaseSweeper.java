package org.kvmstack.cloud.compute;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainSummary;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.VolumeSummary;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes cached base images from hosts once nothing needs them (what Nova's image cache manager does).
 *
 * <p>A base is <b>in use</b> on a host while an image in the store has its checksum (any status: a popular image
 * stays warm even with no server on the host; the image side decides that), while a volume of the host's pool is an
 * overlay backed by it (a server's root disk, whatever state the server is in), or while a domain of the host
 * attaches it (an ISO install's CD-ROM). The host is the truth for the last two, not the store: an image's row is
 * gone once it is deleted, so the store cannot say which checksum a server's image had.
 *
 * <p>While any live server of the host is building or has a task, the host is left for the next pass: a build
 * between taking the base from the cache and creating its overlay shows nothing on the host yet. A base removed is
 * forgotten by the build's {@link KnownBases}.
 */
final class UnusedBaseSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(UnusedBaseSweeper.class);

    private final Instances instances;
    private final HostRegistry hosts;
    private final BootImages images;
    private final KnownBases knownBases;

    UnusedBaseSweeper(Instances instances, HostRegistry hosts, BootImages images, KnownBases knownBases) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.images = Objects.requireNonNull(images, "images");
        this.knownBases = Objects.requireNonNull(knownBases, "knownBases");
    }

    /** Sweeps every host; a host that fails (unreachable, ...) is logged and tried again by the next pass. */
    int sweepAll() {
        int removed = 0;
        for (HostResources host : hosts.all()) {
            try {
                removed += sweep(host);
            } catch (RuntimeException e) {
                LOG.warn("host {}: unused bases not swept: {}", host.host().name(), e.toString());
            }
        }
        return removed;
    }

    /** Removes the host's unused bases; returns how many. */
    int sweep(HostResources host) {
        VirtConnection conn = hosts.connection(host.host());
        String hostId = host.host().id();
        List<String> removed = images.removeUnusedBases(conn, () -> pathsInUse(hostId, conn));
        for (String path : removed) {
            knownBases.forgetPath(hostId, path);
        }
        return removed.size();
    }

    /**
     * The volume paths the host's overlays and domains use, or empty while a build or task runs on the host. Read
     * in this order on purpose: a build that ends between the two reads has its overlay on the host by then.
     */
    Optional<Set<String>> pathsInUse(String hostId, VirtConnection conn) {
        for (Instance i : instances.onHost(hostId)) {
            if (i.vmState() == VmState.BUILDING || i.taskState() != null) {
                LOG.debug("host {}: instance {} is {} / {}; unused bases are swept next pass", hostId, i.id(),
                        i.vmState(), i.taskState());
                return Optional.empty();
            }
        }
        Set<String> used = new HashSet<>();
        for (VolumeSummary volume : conn.storage().volumes(HostLayout.POOL_NAME)) {
            backingPath(conn, volume).ifPresent(used::add);
        }
        for (DomainSummary domain : conn.domains().list()) {
            domainXml(conn, domain).ifPresent(xml -> used.addAll(diskSources(xml)));
        }
        return Optional.of(used);
    }

    // Only the elements read here are parsed, not the typed models: those refuse what a sweep must still read (an
    // empty console log is a volume of capacity 0; a domain defined by someone else may use any device).
    private static Optional<String> backingPath(VirtConnection conn, VolumeSummary volume) {
        try {
            XmlElement backing = XmlReader.parse(conn.storage().volumeXml(HostLayout.POOL_NAME, volume.name()))
                    .child("backingStore");
            return backing == null ? Optional.empty() : Optional.ofNullable(backing.childText("path"));
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_VOLUME)) {
                return Optional.empty(); // deleted while listing: it backs nothing any more
            }
            throw e;
        }
    }

    private static List<String> diskSources(String domainXml) {
        XmlElement devices = XmlReader.parse(domainXml).child("devices");
        List<String> sources = new ArrayList<>();
        for (XmlElement disk : devices == null ? List.<XmlElement>of() : devices.children("disk")) {
            XmlElement source = disk.child("source");
            if (source != null) {
                Optional.ofNullable(source.attr("file")).or(() -> Optional.ofNullable(source.attr("dev")))
                        .ifPresent(sources::add);
            }
        }
        return sources;
    }

    private static Optional<String> domainXml(VirtConnection conn, DomainSummary domain) {
        try {
            // The live definition of a running domain, the persistent one of a stopped domain: what it attaches.
            return Optional.of(conn.domains().xml(DomainRef.of(domain.uuid()), Set.of()));
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_DOMAIN)) {
                return Optional.empty(); // undefined while listing
            }
            throw e;
        }
    }
}
