package org.kvmstack.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressPlanTest {
    @Test
    void prefixesOverlapWhenOneContainsTheOther() {
        assertThat(Ipv4Prefix.parse("10.1.0.0/16").overlaps(Ipv4Prefix.parse("10.1.7.0/24"))).isTrue();
        assertThat(Ipv4Prefix.parse("10.1.7.0/24").overlaps(Ipv4Prefix.parse("10.1.0.0/16"))).isTrue();
        assertThat(Ipv4Prefix.parse("10.1.0.0/20").overlaps(Ipv4Prefix.parse("10.1.16.0/24"))).isFalse();
        assertThat(Ipv4Prefix.parse("10.1.2.3/24")).hasToString("10.1.2.0/24");
        assertThat(Ipv4Prefix.parse("10.1.2.0/24").netmask()).isEqualTo("255.255.255.0");
    }

    @Test
    void rejectsMalformedAddresses() {
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.1.2/24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.1.2.300")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4Prefix.parse("10.1.2.3/33")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fabricAndGuestNetworksAreDisjointSlicesOfTheBlock() {
        AddressPlan plan = new AddressPlan(Ipv4Prefix.parse("10.200.32.0/20"));
        assertThat(plan.fabric()).hasToString("10.200.32.0/24");
        assertThat(plan.fabricAddress(2)).isEqualTo("10.200.32.2");
        assertThat(plan.guestNetwork(1)).hasToString("10.200.33.0/24");
        assertThat(plan.guestNetwork(15)).hasToString("10.200.47.0/24");
        assertThat(plan.guestNetwork(1).overlaps(plan.fabric())).isFalse();
        assertThatThrownBy(() -> plan.guestNetwork(16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void choosesABlockClearOfTheMachinesRoutes() {
        // Everything in 10.0.0.0/8 but one /20 is taken: the plan must find exactly that one.
        List<Ipv4Prefix> taken = new java.util.ArrayList<>();
        for (int second = 100; second <= 250; second++) {
            for (int third = 0; third < 256; third += 16) {
                if (!(second == 123 && third == 64)) {
                    taken.add(Ipv4Prefix.parse("10." + second + "." + third + ".0/20"));
                }
            }
        }
        taken.add(Ipv4Prefix.parse("192.0.2.0/24"));
        // Random that always answers the free block, so the test is deterministic.
        Random fixed = new Random() {
            private static final long serialVersionUID = 1L;
            private int calls;

            @Override
            public int nextInt(int bound) {
                return calls++ % 2 == 0 ? 23 : 4;
            }
        };
        assertThat(AddressPlan.choose(taken, fixed).block()).hasToString("10.123.64.0/20");
    }

    @Test
    void givesUpWithAClearMessageWhenEverythingIsTaken() {
        assertThatThrownBy(() -> AddressPlan.choose(List.of(Ipv4Prefix.parse("10.0.0.0/8")), new Random(1)))
                .isInstanceOf(TestBedException.class).hasMessageContaining("no free 10.x.y.0/20");
    }

    @Test
    void readsRouteDestinationsAfterARouteType() {
        assertThat(MachineRoutes.firstPrefix("local 127.0.0.1 dev lo table local".split(" "))).contains(Ipv4Prefix.parse("127.0.0.1/32"));
        assertThat(MachineRoutes.firstPrefix("192.0.2.0/24 dev eth0 proto kernel".split(" "))).contains(Ipv4Prefix.parse("192.0.2.0/24"));
        assertThat(MachineRoutes.firstPrefix("default via 192.0.2.1 dev eth0".split(" "))).isEmpty();
    }
}
