package org.kvmstack.virt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.kvmstack.virt.jna.NativeLibvirt;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.Network;

/**
 * Virtual network operations of one {@link VirtConnection}, by network name. A missing network is
 * {@link VirtErrorKind#NO_SUCH_NETWORK} unless the method says otherwise.
 */
public final class Networks {
    // virNetworkUpdateCommand / virNetworkUpdateSection / virNetworkUpdateFlags
    private static final int UPDATE_MODIFY = 1;
    private static final int UPDATE_DELETE = 2;
    private static final int UPDATE_ADD_LAST = 3;
    private static final int SECTION_IP_DHCP_HOST = 4;
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;

    private final VirtConnection conn;

    Networks(VirtConnection conn) {
        this.conn = conn;
    }

    /** Defines a persistent network (inactive until {@link #start}). */
    public NetworkSummary define(String xml) {
        return conn.change("define network", c -> Handles.use(c.networkDefineXML(xml), "define network",
                Networks::summary));
    }

    /** Creates and starts a transient network. */
    public NetworkSummary createTransient(String xml) {
        return conn.change("create network", c -> Handles.use(c.networkCreateXML(xml), "create network",
                Networks::summary));
    }

    /** Starts a defined network. OPERATION_INVALID when it is already active. */
    public void start(String name) {
        change("start", name, n -> {
            n.create();
            return null;
        });
    }

    /** Stops the network. Succeeds when it is already inactive or does not exist. */
    public void destroy(String name) {
        try {
            change("destroy", name, n -> {
                n.destroy();
                return null;
            });
        } catch (VirtException e) {
            if (!e.is(VirtErrorKind.NO_SUCH_NETWORK) && !e.is(VirtErrorKind.OPERATION_INVALID)) {
                throw e;
            }
        }
    }

    /** Removes the persistent definition. Succeeds when the network does not exist. */
    public void undefine(String name) {
        try {
            change("undefine", name, n -> {
                n.undefine();
                return null;
            });
        } catch (VirtException e) {
            if (!e.is(VirtErrorKind.NO_SUCH_NETWORK)) {
                throw e;
            }
        }
    }

    public void setAutostart(String name, boolean autostart) {
        change("set autostart of", name, n -> {
            n.setAutostart(autostart);
            return null;
        });
    }

    public NetworkSummary get(String name) {
        return query("look up", name, Networks::summary);
    }

    public Optional<NetworkSummary> find(String name) {
        try {
            return Optional.of(get(name));
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_NETWORK)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** All networks, active and defined. A network that vanishes while listing is left out. */
    public List<NetworkSummary> list() {
        return conn.query("list networks", c -> {
            List<String> names = NativeLibvirt.listAllNetworkNames(c);
            List<NetworkSummary> all = new ArrayList<>();
            for (String name : names) {
                Network n;
                try {
                    n = c.networkLookupByName(name);
                } catch (LibvirtException e) {
                    VirtException v = LibvirtErrors.translate("look up listed network " + name, e);
                    if (v.is(VirtErrorKind.NO_SUCH_NETWORK)) {
                        continue;
                    }
                    throw v;
                }
                try {
                    all.add(Handles.use(n, "read network " + name, Networks::summary));
                } catch (VirtException e) {
                    if (!e.is(VirtErrorKind.NO_SUCH_NETWORK)) {
                        throw e;
                    }
                }
            }
            return all;
        });
    }

    /** The network XML ({@code inactive}: the persistent definition rather than the live one). */
    public String xml(String name, boolean inactive) {
        return query("get XML of", name, n -> n.getXMLDesc(inactive ? 1 : 0));
    }

    /**
     * Adds a DHCP reservation to the running network and to its persistent definition, without restarting it
     * (libvirt re-signals dnsmasq). ALREADY_EXISTS/OPERATION_INVALID-style errors come from libvirt when the MAC or
     * IP is already reserved. A transient network only gets the live change, an inactive one only the persistent change.
     */
    public void addDhcpHost(String name, DhcpHostEntry host) {
        updateDhcpHost(name, UPDATE_ADD_LAST, host);
    }

    /** Replaces the reservation with the same MAC (live and persistent). */
    public void modifyDhcpHost(String name, DhcpHostEntry host) {
        updateDhcpHost(name, UPDATE_MODIFY, host);
    }

    /**
     * Removes the reservation equal to {@code host} in MAC, IP and name (live and persistent). OPERATION_INVALID when
     * no such reservation exists.
     */
    public void removeDhcpHost(String name, DhcpHostEntry host) {
        updateDhcpHost(name, UPDATE_DELETE, host);
    }

    /** Current DHCP leases ({@code virsh net-dhcp-leases}); {@code mac} null for all. UNSUPPORTED on test:///. */
    public List<DhcpLease> dhcpLeases(String name, String mac) {
        return query("get DHCP leases of", name, n -> NativeLibvirt.dhcpLeases(n, mac));
    }

    private void updateDhcpHost(String name, int command, DhcpHostEntry host) {
        String xml = HostElementWriter.render(host);
        change("update DHCP hosts of", name, n -> {
            int flags = AFFECT_LIVE;
            if (n.isPersistent() == 1) {
                flags |= AFFECT_CONFIG;
            }
            if (n.isActive() != 1) {
                flags = AFFECT_CONFIG;
            }
            NativeLibvirt.networkUpdate(n, command, SECTION_IP_DHCP_HOST, -1, xml, flags);
            return null;
        });
    }

    private <T> T query(String what, String name, Handles.HandleCall<Network, T> fn) {
        String op = what + " network " + name;
        return conn.query(op, c -> Handles.use(lookup(c, name), op, fn));
    }

    private <T> T change(String what, String name, Handles.HandleCall<Network, T> fn) {
        String op = what + " network " + name;
        return conn.change(op, c -> Handles.use(lookup(c, name), op, fn));
    }

    private static Network lookup(Connect c, String name) throws LibvirtException {
        return c.networkLookupByName(name);
    }

    private static NetworkSummary summary(Network n) throws LibvirtException {
        boolean active = n.isActive() == 1;
        return new NetworkSummary(UUID.fromString(n.getUUIDString()), n.getName(), active, n.isPersistent() == 1,
                n.getAutostart(), active ? bridgeOrNull(n) : null);
    }

    private static String bridgeOrNull(Network n) {
        try {
            return n.getBridgeName();
        } catch (LibvirtException e) {
            // Networks with forward mode "bridge"/"hostdev" have no bridge of their own.
            return null;
        }
    }
}
