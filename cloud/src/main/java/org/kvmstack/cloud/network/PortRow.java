package org.kvmstack.cloud.network;

/** A stored port; see {@link PortStatus}. */
public record PortRow(String id, String instanceId, int portIndex, String networkId, String subnetId, String mac, String ip,
               PortStatus status, long createdAt) {}
