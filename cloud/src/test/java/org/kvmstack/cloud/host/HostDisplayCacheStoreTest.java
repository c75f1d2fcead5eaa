package org.kvmstack.cloud.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.testing.MutableClock;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;
import org.kvmstack.virt.VirtConnections;

/**
 * The hosts a server's view shows come from memory ({@link HostRegistry#forDisplay}): this controller's writes
 * show at once, another controller's (two registries on one store) within {@link HostRegistry#DISPLAY_CACHE_TTL}.
 */
class HostDisplayCacheStoreTest {

    @StoreTest
    void hostsAddedOrChangedHereShowAtOnceAndFromElsewhereWithinTheTtl(StoreEngine engine) {
        Database db = engine.open();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        try (VirtConnections connections = new VirtConnections()) {
            HostRegistry here = new HostRegistry(new Hosts(db.jdbi(), clock), connections, clock);
            HostRegistry there = new HostRegistry(new Hosts(db.jdbi(), clock), connections, clock);

            HostResources first = here.register(HostRegistration.withDefaultRatios("first", "test:///default"));
            assertThat(here.forDisplay(first.host().id())).hasValueSatisfying(h -> {
                assertThat(h.host().name()).isEqualTo("first");
                assertThat(h.enabled()).isTrue();
            });
            here.setEnabled(first.host().id(), false);
            assertThat(here.forDisplay(first.host().id()).orElseThrow().enabled()).isFalse();

            // A host another controller adds was never cached here: it shows on first sight.
            HostResources second = there.register(HostRegistration.withDefaultRatios("second", "test:///default"));
            assertThat(here.forDisplay(second.host().id())).hasValueSatisfying(
                    h -> assertThat(h.host().name()).isEqualTo("second"));

            // A change another controller makes to a host cached here shows once the entry is TTL old.
            there.setEnabled(first.host().id(), true);
            assertThat(here.forDisplay(first.host().id()).orElseThrow().enabled()).isFalse();
            clock.advance(HostRegistry.DISPLAY_CACHE_TTL.minus(Duration.ofMillis(1)));
            assertThat(here.forDisplay(first.host().id()).orElseThrow().enabled()).isFalse();
            clock.advance(Duration.ofMillis(1));
            assertThat(here.forDisplay(first.host().id()).orElseThrow().enabled()).isTrue();
            // Scheduling reads the store, never the display cache.
            assertThat(here.byId(first.host().id()).orElseThrow().enabled()).isTrue();
            assertThat(here.forDisplay("no-such-host")).isEmpty();
        }
    }
}
