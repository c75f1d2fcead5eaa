/**
 * The default network per host and the ports of instances on it (until full networking lands).
 *
 * <ul>
 *   <li>{@link org.kvmstack.cloud.network.DefaultNetworks} — the libvirt NAT network
 *       {@value org.kvmstack.cloud.host.HostLayout#DEFAULT_NETWORK} of each host, recorded as a network with
 *       one subnet chosen so it does not collide with the host's other networks;</li>
 *   <li>{@link org.kvmstack.cloud.network.PortService} — MAC, fixed IP and live DHCP reservation per NIC of an
 *       instance; release that survives an unreachable host.</li>
 * </ul>
 * See docs/network.md.
 */
package org.kvmstack.cloud.network;
