package org.kvmstack.cloud.network;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.error.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few spare (MAC, IP) pairs per host network whose DHCP reservations are already live on the host, so that a
 * server's port is one store update instead of a live {@code virNetworkUpdate} (290–470 ms under load, and
 * applied by libvirt nearly one at a time in a burst). Spares are port rows with status {@link PortStatus#SPARE}
 * (or {@link PortStatus#SPARE_PENDING} until their reservation is confirmed), owned by no instance: the store's
 * unique keys keep their MACs and IPs apart from every server's, and a take is a conditional update, so no spare
 * goes to two servers.
 *
 * <p>Refills run on the given worker, never on the caller's thread; one refill per network is queued at a time.
 */
final class SpareAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(SpareAddresses.class);
    // Candidates read per attempt, tried in a random order: concurrent takes (a burst of creates) then mostly aim
    // at different spares instead of all racing for the first; each lost update means another take won that spare.
    private static final int CANDIDATES = 32;
    private static final int MAX_TAKE_ATTEMPTS = 8;

    /** Puts a row's reservation on its network's host (live and persistent), serialised with its MAC's other updates. */
    interface ReservationWriter {
        void reserve(NetworkRow network, PortRow row);
    }

    private final Jdbi jdbi;
    private final AddressPicker picker;
    private final ReservationWriter writer;
    private final Clock clock;
    private final int target;
    private final Executor worker;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    /**
     * @param target how many spares each network keeps ({@code network.spare_addresses}); 0 disables refills
     * @param worker where refills run
     */
    SpareAddresses(Jdbi jdbi, AddressPicker picker, ReservationWriter writer, Clock clock, int target,
                   Executor worker) {
        if (target < 0) {
            throw new IllegalArgumentException("spare address count must be >= 0, got " + target);
        }
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.picker = Objects.requireNonNull(picker, "picker");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.target = target;
        this.worker = Objects.requireNonNull(worker, "worker");
    }

    int target() {
        return target;
    }

    /**
     * Gives NIC {@code index} of an instance a spare of the network, ACTIVE at once (its reservation is live), in one
     * store update; no host call. Empty when the network has no confirmed spare left.
     */
    Optional<PortRow> take(UUID instanceId, int index, DefaultNetwork network) {
        PortRepository rows = rows();
        for (int attempt = 0; attempt < MAX_TAKE_ATTEMPTS; attempt++) {
            List<PortRow> candidates = new java.util.ArrayList<>(rows.inNetworkWithStatus(
                    network.networkId().toString(), PortStatus.SPARE, CANDIDATES));
            java.util.Collections.shuffle(candidates);
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            for (PortRow spare : candidates) {
                try {
                    if (rows.takeSpare(spare.id(), instanceId.toString(), index, clock.millis()) == 1) {
                        return rows.byId(spare.id());
                    }
                } catch (RuntimeException e) {
                    if (!UniqueViolations.isUniqueViolation(e)) {
                        throw e;
                    }
                    // A concurrent call for the same (instance, index) got its port first: that one is the port.
                    return rows.byInstanceAndIndex(instanceId.toString(), index);
                }
            }
        }
        return Optional.empty();
    }

    /** Queues a refill of the network's spares on the worker (at most one queued per network). */
    void refillSoon(DefaultNetwork network) {
        if (target == 0) {
            return;
        }
        String key = network.networkId().toString();
        if (!queued.add(key)) {
            return;
        }
        try {
            worker.execute(() -> {
                queued.remove(key);
                try {
                    refill(network);
                } catch (RuntimeException e) {
                    LOG.warn("spare addresses of network {} on host {} not refilled: {}", network.libvirtNetwork(),
                            network.hostId(), e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            queued.remove(key);
            LOG.debug("spare refill of network {} not queued: the worker is shut down", key);
        }
    }

    /**
     * Confirms the network's pending spares, then adds spares (row first, then the reservation, then SPARE) until it
     * has {@code target}. A spare whose reservation fails stays pending for the next refill or repair.
     *
     * @return how many spares became usable
     * @throws org.kvmstack.virt.VirtException when the host refuses or cannot be reached
     */
    int refill(DefaultNetwork network) {
        if (target == 0) {
            return 0;
        }
        PortRepository rows = rows();
        String networkId = network.networkId().toString();
        NetworkRow networkRow = jdbi.withHandle(h -> h.attach(NetworkRepository.class).network(networkId))
                .orElseThrow(() -> new IllegalStateException("network " + networkId + " is not recorded"));
        int confirmed = 0;
        for (PortRow pending : rows.inNetworkWithStatus(networkId, PortStatus.SPARE_PENDING, target)) {
            confirm(rows, networkRow, pending);
            confirmed++;
        }
        for (int have = rows.sparesIn(networkId); have < target; have++) {
            PortRow spare;
            try {
                spare = picker.insert(UUID.randomUUID().toString(), 0, network, PortStatus.SPARE_PENDING);
            } catch (Conflict full) {
                LOG.info("network {} on host {}: no address left for spares ({})", network.libvirtNetwork(),
                        networkRow.hostName(), full.getMessage());
                break;
            }
            confirm(rows, networkRow, spare);
            confirmed++;
        }
        if (confirmed > 0) {
            LOG.info("network {} on host {}: {} spare addresses made ready", network.libvirtNetwork(),
                    networkRow.hostName(), confirmed);
        }
        return confirmed;
    }

    private void confirm(PortRepository rows, NetworkRow network, PortRow spare) {
        writer.reserve(network, spare);
        rows.setStatus(spare.id(), PortStatus.SPARE);
    }

    private PortRepository rows() {
        return jdbi.onDemand(PortRepository.class);
    }
}
