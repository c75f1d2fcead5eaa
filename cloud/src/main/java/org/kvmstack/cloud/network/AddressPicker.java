package org.kvmstack.cloud.network;

import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.NotFound;

/**
 * Writes a new port row with a fresh MAC and the lowest free fixed IP of a network's subnet. Shared by servers'
 * ports and spare addresses, so both draw from one set of addresses that the store's unique keys guard.
 */
final class AddressPicker {
    // Each failed attempt means another allocation won its row, so a few dozen cover any realistic burst.
    private static final int MAX_ATTEMPTS = 64;

    private final Jdbi jdbi;
    private final MacAddresses macs;
    private final Clock clock;

    AddressPicker(Jdbi jdbi, MacAddresses macs, Clock clock) {
        this.jdbi = jdbi;
        this.macs = macs;
        this.clock = clock;
    }

    /**
     * Inserts the row of NIC {@code index} of {@code owner} (an instance id, or a spare's own id) with
     * {@code status}, retrying when a concurrent allocation wins the IP or MAC. When (owner, index) already has a
     * row, that row is returned instead.
     *
     * @throws Conflict when the subnet has no free fixed IP left, or too many concurrent allocations won
     */
    PortRow insert(String owner, int index, DefaultNetwork network, PortStatus status) {
        SubnetRow subnet = jdbi.withHandle(h -> h.attach(NetworkRepository.class).subnet(network.subnetId().toString()))
                .orElseThrow(() -> new NotFound("subnet " + network.subnetId() + " of network " + network.networkId()));
        Ipv4Cidr cidr = subnet.parsedCidr();
        long first = cidr.offsetOf(subnet.allocationStart());
        long last = cidr.offsetOf(subnet.allocationEnd());
        PortRepository rows = jdbi.onDemand(PortRepository.class);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Set<String> used = new HashSet<>(rows.ipsIn(network.networkId().toString()));
            String ip = null;
            for (long offset = first; offset <= last && ip == null; offset++) {
                String candidate = cidr.address(offset);
                if (!used.contains(candidate)) {
                    ip = candidate;
                }
            }
            if (ip == null) {
                throw new Conflict("no free IP address left in subnet " + cidr + " (" + subnet.allocationStart()
                        + "-" + subnet.allocationEnd() + ") of network " + network.libvirtNetwork() + " on host "
                        + network.hostId());
            }
            PortRow row = new PortRow(UUID.randomUUID().toString(), owner, index, network.networkId().toString(),
                    subnet.id(), macs.next(), ip, status, clock.millis());
            try {
                rows.insert(row);
                return row;
            } catch (RuntimeException e) {
                if (!UniqueViolations.isUniqueViolation(e)) {
                    throw e;
                }
                Optional<PortRow> winner = rows.byInstanceAndIndex(owner, index);
                if (winner.isPresent()) {
                    return winner.get();
                }
                // The IP (or, rarely, the MAC) was taken meanwhile: pick again.
            }
        }
        throw new Conflict("could not allocate a port on network " + network.libvirtNetwork() + " after "
                + MAX_ATTEMPTS + " attempts; too many concurrent allocations");
    }
}
