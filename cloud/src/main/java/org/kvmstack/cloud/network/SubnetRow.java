package org.kvmstack.cloud.network;

import java.util.Arrays;
import java.util.List;

/**
 * A stored IPv4 subnet. Fixed IPs come from {@code [allocationStart, allocationEnd]}; {@code dnsServers} is a
 * comma-separated list.
 */
public record SubnetRow(String id, String networkId, String cidr, String gatewayIp, String allocationStart,
                 String allocationEnd, String dnsServers, long createdAt) {

    Ipv4Cidr parsedCidr() {
        return Ipv4Cidr.parse(cidr);
    }

    List<String> dnsList() {
        return dnsServers.isBlank() ? List.of() : Arrays.stream(dnsServers.split(",")).map(String::trim).toList();
    }
}
