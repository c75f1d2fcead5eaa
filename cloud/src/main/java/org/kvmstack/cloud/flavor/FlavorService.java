package org.kvmstack.cloud.flavor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.store.RowCache;

/** Flavors: create, list, show, delete, extra specs; and the default set created at bootstrap. */
public final class FlavorService {
    /** Sized for small machines: the tiny guest runs in 128 MiB under TCG. */
    static final List<FlavorSpec> DEFAULTS = List.of(
            FlavorSpec.of("1", "m1.tiny", 1, 128, 1),
            FlavorSpec.of("2", "m1.small", 1, 512, 5),
            FlavorSpec.of("3", "m1.medium", 2, 1024, 10),
            FlavorSpec.of("4", "m1.large", 2, 2048, 20));
    private static final Pattern SPEC_KEY = Pattern.compile("^[\\w.:/ -]{1,255}$");
    /**
     * How old a flavor shown in a server's view may be when another controller (PostgreSQL) changed it; this
     * controller's own writes show at once. See {@link #forDisplay}.
     */
    public static final Duration DISPLAY_CACHE_TTL = Duration.ofSeconds(10);
    // Far above the flavors a cloud defines; bounds memory against lookups of many unknown ids.
    private static final int DISPLAY_CACHE_ENTRIES = 1_000;

    private final Flavors flavors;
    private final Clock clock;
    private final RowCache<String, Flavor> shown;

    public FlavorService(Jdbi jdbi, Clock clock) {
        this.flavors = new Flavors(Objects.requireNonNull(jdbi, "jdbi"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.shown = new RowCache<>(clock, DISPLAY_CACHE_TTL, DISPLAY_CACHE_ENTRIES, flavors::byId);
    }

    /** Creates the default flavors that do not exist yet (by name); returns how many were created. */
    public int bootstrapDefaults() {
        int created = 0;
        for (FlavorSpec spec : DEFAULTS) {
            if (flavors.byName(spec.name()).isEmpty() && flavors.byId(spec.id()).isEmpty()) {
                create(spec);
                created++;
            }
        }
        return created;
    }

    /**
     * @throws BadRequest for a blank name, non-positive vCPUs/RAM or negative sizes
     * @throws Conflict   when the name or id is taken
     */
    public Flavor create(FlavorSpec spec) {
        if (spec.name() == null || spec.name().isBlank() || spec.name().length() > 255) {
            throw new BadRequest("Invalid input for field/attribute name. Value: " + spec.name());
        }
        if (spec.vcpus() < 1) {
            throw new BadRequest("Invalid input for field/attribute vcpus. Value: " + spec.vcpus() + ". must be >= 1");
        }
        if (spec.ramMb() < 1) {
            throw new BadRequest("Invalid input for field/attribute ram. Value: " + spec.ramMb() + ". must be >= 1");
        }
        if (spec.diskGb() < 0 || spec.ephemeralGb() < 0 || spec.swapMb() < 0 || spec.rxtxFactor() <= 0) {
            throw new BadRequest("Invalid input: disk, ephemeral and swap must be >= 0 and rxtx_factor > 0");
        }
        String id = spec.id() == null ? UUID.randomUUID().toString() : spec.id();
        if (id.isBlank() || id.length() > 64) {
            throw new BadRequest("Invalid input for field/attribute id. Value: " + id);
        }
        if (flavors.byName(spec.name()).isPresent()) {
            throw new Conflict("Flavor with name " + spec.name() + " already exists.");
        }
        if (flavors.byId(id).isPresent()) {
            throw new Conflict("Flavor with ID " + id + " already exists.");
        }
        Flavor flavor = new Flavor(id, spec.name(), spec.vcpus(), spec.ramMb(), spec.diskGb(), spec.ephemeralGb(),
                spec.swapMb(), spec.rxtxFactor(), spec.isPublic(), spec.description(), Map.of());
        flavors.insert(flavor, clock.millis());
        shown.invalidate(id); // an id looked up before it existed was cached as absent
        return flavor;
    }

    public List<Flavor> list() {
        return flavors.all();
    }

    /**
     * The flavor for <em>showing</em> a server (its ephemeral, swap and extra specs), from memory: changes made
     * through this service show at once; changes made by another controller on the same store show within
     * {@link #DISPLAY_CACHE_TTL}. Never use it to decide anything (creating a server reads {@link #get}).
     *
     * @return empty when no flavor has this id (deleted: servers keep their copy of the sizes)
     */
    public Optional<Flavor> forDisplay(String id) {
        return shown.get(id);
    }

    /** @throws NotFound when no flavor has this id */
    public Flavor get(String id) {
        return flavors.byId(id).orElseThrow(() -> new NotFound("Flavor " + id + " could not be found."));
    }

    /** Servers keep a copy of their flavor, so deleting one never changes existing servers. */
    public void delete(String id) {
        boolean deleted = flavors.delete(id);
        shown.invalidate(id);
        if (!deleted) {
            throw new NotFound("Flavor " + id + " could not be found.");
        }
    }

    /** Adds or replaces extra specs; returns all specs of the flavor. */
    public Map<String, String> putExtraSpecs(String flavorId, Map<String, String> specs) {
        get(flavorId);
        specs.forEach((k, v) -> {
            if (k == null || !SPEC_KEY.matcher(k).matches()) {
                throw new BadRequest("Invalid extra spec key '" + k + "': use letters, digits, '_', '-', '.', ':', '/' or spaces (at most 255)");
            }
            if (v == null || v.length() > 255) {
                throw new BadRequest("Invalid extra spec value for key " + k + ": a string of at most 255 characters");
            }
        });
        try {
            flavors.putSpecs(flavorId, specs);
        } finally {
            shown.invalidate(flavorId); // a failed transaction wrote nothing, but forgetting costs nothing
        }
        return get(flavorId).extraSpecs();
    }

    public void deleteExtraSpec(String flavorId, String key) {
        get(flavorId);
        boolean deleted = flavors.deleteSpec(flavorId, key);
        shown.invalidate(flavorId);
        if (!deleted) {
            throw new NotFound("Flavor " + flavorId + " has no extra specs with key " + key + ".");
        }
    }
}
