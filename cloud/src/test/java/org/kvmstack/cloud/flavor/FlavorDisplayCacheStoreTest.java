package org.kvmstack.cloud.flavor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.testing.MutableClock;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;

/**
 * The flavors a server's view shows come from memory ({@link FlavorService#forDisplay}): this controller's writes
 * show at once, another controller's (two services on one store) within {@link FlavorService#DISPLAY_CACHE_TTL}.
 */
class FlavorDisplayCacheStoreTest {

    @StoreTest
    void writesThroughThisServiceShowAtOnce(StoreEngine engine) {
        Database db = engine.open();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        FlavorService flavors = new FlavorService(db.jdbi(), clock);
        flavors.bootstrapDefaults();

        assertThat(flavors.forDisplay("1")).hasValueSatisfying(f -> assertThat(f.name()).isEqualTo("m1.tiny"));
        flavors.putExtraSpecs("1", Map.of("hw:cpu_policy", "shared"));
        assertThat(flavors.forDisplay("1").orElseThrow().extraSpecs()).containsEntry("hw:cpu_policy", "shared");
        flavors.deleteExtraSpec("1", "hw:cpu_policy");
        assertThat(flavors.forDisplay("1").orElseThrow().extraSpecs()).isEmpty();
        flavors.delete("1");
        assertThat(flavors.forDisplay("1")).isEmpty();

        assertThat(flavors.forDisplay("big")).isEmpty(); // absence is remembered too…
        flavors.create(new FlavorSpec("big", "m1.big", 4, 4096, 40, 1, 512, 1.0, true, null));
        assertThat(flavors.forDisplay("big")).hasValueSatisfying(f -> { // …and forgotten by the create
            assertThat(f.ephemeralGb()).isEqualTo(1);
            assertThat(f.swapMb()).isEqualTo(512);
        });
    }

    @StoreTest
    void anotherControllersWritesShowWithinTheTtl(StoreEngine engine) {
        Database db = engine.open();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
        FlavorService here = new FlavorService(db.jdbi(), clock);
        FlavorService there = new FlavorService(db.jdbi(), clock); // a second controller on the same store
        here.bootstrapDefaults();

        assertThat(here.forDisplay("2")).isPresent();
        assertThat(here.forDisplay("new")).isEmpty();
        there.delete("2");
        there.create(new FlavorSpec("new", "m1.new", 1, 256, 1, 0, 0, 1.0, true, null));
        there.putExtraSpecs("3", Map.of("k", "v"));
        assertThat(here.forDisplay("3").orElseThrow().extraSpecs()).containsEntry("k", "v"); // not cached before

        clock.advance(FlavorService.DISPLAY_CACHE_TTL.minus(Duration.ofMillis(1)));
        assertThat(here.forDisplay("2")).isPresent(); // stale, but only for display and only this long
        assertThat(here.forDisplay("new")).isEmpty();
        there.putExtraSpecs("3", Map.of("k", "w"));
        assertThat(here.forDisplay("3").orElseThrow().extraSpecs()).containsEntry("k", "v");

        clock.advance(Duration.ofMillis(1));
        assertThat(here.forDisplay("2")).isEmpty();
        assertThat(here.forDisplay("new")).hasValueSatisfying(f -> assertThat(f.name()).isEqualTo("m1.new"));
        assertThat(here.forDisplay("3").orElseThrow().extraSpecs()).containsEntry("k", "w");
        // Decisions never use the cache: the store is read every time.
        assertThat(here.list()).extracting(Flavor::id).doesNotContain("2").contains("new");
    }
}
