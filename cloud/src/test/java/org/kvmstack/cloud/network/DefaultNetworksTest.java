package org.kvmstack.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.UUID;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;
import org.kvmstack.virt.NetworkSummary;
import org.kvmstack.virt.xml.network.Bridge;
import org.kvmstack.virt.xml.network.DhcpRange;
import org.kvmstack.virt.xml.network.Forward;
import org.kvmstack.virt.xml.network.ForwardMode;
import org.kvmstack.virt.xml.network.Network;
import org.kvmstack.virt.xml.network.NetworkIp;

class DefaultNetworksTest {
    private static final String NAME = HostLayout.DEFAULT_NETWORK;

    static Network natNetwork(String name, String bridge, String gateway, String netmask) {
        return Network.builder().name(name).uuid(UUID.randomUUID()).forward(Forward.of(ForwardMode.NAT))
                .bridge(Bridge.named(bridge)).ip(NetworkIp.ipv4(gateway, netmask)).build();
    }

    private static DefaultNetworks networks(Database db, String pool) {
        return new DefaultNetworks(db.jdbi(), SubnetPool.parse(pool), Clock.systemUTC());
    }

    @StoreTest
    void choosesTheFirstSubnetAndBridgeTheHostDoesNotUse(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks(natNetwork("existing", "ksbr0", "10.87.0.1", "255.255.255.0"))) {
            DefaultNetworks networks = networks(db, SubnetPool.DEFAULT);
            DefaultNetwork n = networks.ensure(h.host(), h.conn());

            assertThat(networks.all()).containsExactly(n);
            assertThat(networks.find(h.host().id())).contains(n);
            assertThat(n.cidr()).hasToString("10.87.1.0/24");
            assertThat(n.bridge()).isEqualTo("ksbr1");
            assertThat(n.gateway()).isEqualTo("10.87.1.1");
            assertThat(n.dns()).containsExactly("10.87.1.1");
            assertThat(n.libvirtNetwork()).isEqualTo(NAME);
            assertThat(n.hostId()).isEqualTo(h.host().id());

            NetworkSummary state = h.conn().networks().get(NAME);
            assertThat(state.active()).isTrue();
            assertThat(state.persistent()).isTrue();
            assertThat(state.autostart()).isTrue();
            assertThat(state.uuid()).isEqualTo(n.networkId());

            Network defined = Network.parse(h.conn().networks().xml(NAME, false));
            assertThat(defined.forward().mode()).isEqualTo(ForwardMode.NAT);
            assertThat(defined.bridge()).isEqualTo(new Bridge("ksbr1", true, 0));
            assertThat(defined.dns().enable()).isTrue();
            NetworkIp ip = defined.ips().get(0);
            assertThat(ip.address()).isEqualTo("10.87.1.1");
            assertThat(ip.netmask()).isEqualTo("255.255.255.0");
            assertThat(ip.dhcpRanges()).containsExactly(new DhcpRange("10.87.1.200", "10.87.1.254"));
        }
    }

    @StoreTest
    void ensureTwiceAndAfterAControllerRestartNeitherRedefinesNorRenumbers(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            DefaultNetwork first = networks(db, SubnetPool.DEFAULT).ensure(h.host(), h.conn());
            String xml = h.conn().networks().xml(NAME, false);

            assertThat(networks(db, SubnetPool.DEFAULT).ensure(h.host(), h.conn())).isEqualTo(first);
            // A restarted controller with another pool setting keeps what the host already has, and starts it
            // again if it was stopped meanwhile.
            h.conn().networks().destroy(NAME);
            DefaultNetwork afterRestart = networks(db, "10.99.0.0/16").ensure(h.host(), h.conn());

            assertThat(afterRestart).isEqualTo(first);
            assertThat(h.conn().networks().xml(NAME, false)).isEqualTo(xml);
            assertThat(h.conn().networks().get(NAME).active()).isTrue();
            int rows = db.jdbi().withHandle(x -> x.createQuery("SELECT COUNT(*) FROM networks").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(1);
        }
    }

    @StoreTest
    void aNetworkGoneFromTheHostIsDefinedAgainWithItsSubnetAndReservations(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks()) {
            DefaultNetworks networks = networks(db, SubnetPool.DEFAULT);
            PortService ports = new PortService(db.jdbi(), x -> h.conn(), networks, Clock.systemUTC());
            Port port = ports.allocate(UUID.randomUUID(), 0, h.host());
            DefaultNetwork before = networks.find(h.host().id()).orElseThrow();

            h.conn().networks().destroy(NAME);
            h.conn().networks().undefine(NAME);
            DefaultNetwork after = networks.ensure(h.host(), h.conn());

            assertThat(after).isEqualTo(before);
            assertThat(DhcpReservations.reservations(h.conn(), NAME))
                    .anySatisfy(r -> {
                        assertThat(r.mac().toString()).isEqualTo(port.mac());
                        assertThat(r.ip()).isEqualTo(port.ip());
                    });
        }
    }

    @StoreTest
    void anUnrecordedDefaultNetworkOnTheHostIsAdoptedAsItIs(StoreEngine engine) throws Exception {
        Database db = engine.open();
        Network existing = natNetwork(NAME, "virbr7", "10.50.0.1", "255.255.255.0");
        try (TestDriverHost h = TestDriverHost.withNetworks(existing)) {
            DefaultNetwork n = networks(db, SubnetPool.DEFAULT).ensure(h.host(), h.conn());

            assertThat(n.cidr()).hasToString("10.50.0.0/24");
            assertThat(n.gateway()).isEqualTo("10.50.0.1");
            assertThat(n.bridge()).isEqualTo("virbr7");
            assertThat(n.networkId()).isEqualTo(existing.uuid());
            assertThat(h.conn().networks().get(NAME).autostart()).isTrue();
        }
    }

    @StoreTest
    void noFreeCandidateIsAConflictNamingTheSetting(StoreEngine engine) throws Exception {
        Database db = engine.open();
        try (TestDriverHost h = TestDriverHost.withNetworks(natNetwork("wide", "br9", "10.87.0.1", "255.255.0.0"))) {
            assertThatThrownBy(() -> networks(db, "10.87.0.0/23").ensure(h.host(), h.conn()))
                    .isInstanceOf(Conflict.class).hasMessageContaining("network.default_cidr");
            assertThat(h.conn().networks().find(NAME)).isEmpty();
        }
    }
}
