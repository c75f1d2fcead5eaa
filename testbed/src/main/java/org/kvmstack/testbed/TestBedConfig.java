package org.kvmstack.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to start a bed. Immutable; build with {@link #hosts(int)} and the {@code with...} methods.
 *
 * @param hostCount      number of libvirt hosts, 1..15
 * @param stateRoot      directory holding one subdirectory per bed; must not lie under a directory the hosts mount over
 * @param bedName        the bed's name and prefix of its namespaces; empty for a random {@code ks-xxxx}
 * @param guestNetwork   whether each host gets the isolated DHCP network {@code lab}
 * @param keepAfterExit  whether {@link TestBed#cleanupStale(Path)} must leave this bed alone after its creator exits
 *                       (a lab host started by {@code kvmstack quickstart}); test beds leave it false
 * @param commandTimeout the time limit of each command the bed runs
 * @param readyTimeout   how long one libvirtd may take to answer after it was started
 * @param kvm            whether hosts see /dev/kvm; when false (the default) each host's /dev/kvm is masked and the
 *                       hosts run guests under TCG ({@code <domain type='qemu'>}) only. Masking is the default because
 *                       with /dev/kvm visible libvirtd re-probes QEMU for ~8 s on every start (its cached host CPUID
 *                       never matches on a multi-core machine) and because the nested {@code kvm_pvm} of the
 *                       development machines cannot boot stock guests anyway.
 */
public record TestBedConfig(int hostCount, Path stateRoot, Optional<String> bedName, boolean guestNetwork,
                            boolean keepAfterExit, Duration commandTimeout, Duration readyTimeout, boolean kvm) {
    /** Environment variable that overrides {@link #defaultStateRoot()}. */
    public static final String STATE_ROOT_ENV = "KVMSTACK_TESTBED_ROOT";

    private static final List<Path> MOUNTED_OVER = List.of(
            Path.of(BedLayout.HOST_RUN), Path.of("/var/run"), Path.of(BedLayout.HOST_LIB), Path.of(BedLayout.HOST_ETC),
            Path.of(BedLayout.HOST_LOG), Path.of(BedLayout.HOST_CACHE));

    public TestBedConfig {
        if (hostCount < 1 || hostCount > AddressPlan.MAX_HOSTS) {
            throw new IllegalArgumentException("a bed has 1.." + AddressPlan.MAX_HOSTS + " hosts, not " + hostCount);
        }
        stateRoot = stateRoot.toAbsolutePath().normalize();
        for (Path over : MOUNTED_OVER) {
            if (stateRoot.startsWith(over)) {
                throw new IllegalArgumentException("state root " + stateRoot + " lies under " + over
                        + ", which every host mounts over, so hosts could not see the shared storage; choose e.g. /var/lib/kvmstack-testbed");
            }
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero() || readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        bedName.ifPresent(name -> new BedLayout(Path.of("/"), name)); // validates the name
    }

    /** {@code n} hosts with a guest network each, in {@link #defaultStateRoot()}, with a random bed name. */
    public static TestBedConfig hosts(int n) {
        return new TestBedConfig(n, defaultStateRoot(), Optional.empty(), true, false, Duration.ofSeconds(60), Duration.ofSeconds(30), false);
    }

    /** {@code $KVMSTACK_TESTBED_ROOT}, else {@code /var/lib/kvmstack-testbed}. */
    public static Path defaultStateRoot() {
        String env = System.getenv(STATE_ROOT_ENV);
        return Path.of(env == null || env.isBlank() ? "/var/lib/kvmstack-testbed" : env);
    }

    public TestBedConfig withStateRoot(Path root) {
        return new TestBedConfig(hostCount, root, bedName, guestNetwork, keepAfterExit, commandTimeout, readyTimeout, kvm);
    }

    public TestBedConfig withBedName(String name) {
        return new TestBedConfig(hostCount, stateRoot, Optional.of(name), guestNetwork, keepAfterExit, commandTimeout, readyTimeout, kvm);
    }

    public TestBedConfig withGuestNetwork(boolean on) {
        return new TestBedConfig(hostCount, stateRoot, bedName, on, keepAfterExit, commandTimeout, readyTimeout, kvm);
    }

    public TestBedConfig withKvm(boolean visible) {
        return new TestBedConfig(hostCount, stateRoot, bedName, guestNetwork, keepAfterExit, commandTimeout, readyTimeout, visible);
    }

    public TestBedConfig withReadyTimeout(Duration timeout) {
        return new TestBedConfig(hostCount, stateRoot, bedName, guestNetwork, keepAfterExit, commandTimeout, timeout, kvm);
    }

    public TestBedConfig withKeepAfterExit(boolean keep) {
        return new TestBedConfig(hostCount, stateRoot, bedName, guestNetwork, keep, commandTimeout, readyTimeout, kvm);
    }
}
