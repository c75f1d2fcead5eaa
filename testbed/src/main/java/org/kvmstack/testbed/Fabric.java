package org.kvmstack.testbed;

/**
 * The bed's private network: a bridge in its own namespace, and one veth pair per host whose host end
 * ({@value #HOST_INTERFACE}) carries the host's fabric address. Every link is created directly inside a
 * bed namespace ({@code ip -n}); nothing ever exists in the machine's own network namespace, not even briefly.
 */
final class Fabric {
    static final String BRIDGE = "br0";
    static final String HOST_INTERFACE = "fab0";

    private final BedLayout layout;
    private final AddressPlan plan;
    private final CommandRunner runner;
    private final Journal journal;

    Fabric(BedLayout layout, AddressPlan plan, CommandRunner runner, Journal journal) {
        this.layout = layout;
        this.plan = plan;
        this.runner = runner;
        this.journal = journal;
    }

    void create() {
        String ns = layout.fabricNetns();
        NamespaceCommands.requireFreeNetns(ns);
        journal.record(Journal.Kind.NETNS, ns);
        runner.run(java.util.List.of("ip", "netns", "add", ns)).orThrow();
        runner.run(NamespaceCommands.ipIn(ns, "link", "set", "lo", "up")).orThrow();
        runner.run(NamespaceCommands.ipIn(ns, "link", "add", BRIDGE, "type", "bridge")).orThrow();
        runner.run(NamespaceCommands.ipIn(ns, "link", "set", BRIDGE, "up")).orThrow();
    }

    /** Connects host {@code index}, whose network namespace must exist, to the bridge. */
    void attach(int index) {
        String hostNs = layout.hostNetns(index);
        String fabricNs = layout.fabricNetns();
        String port = "h" + index;
        runner.run(NamespaceCommands.ipIn(hostNs, "link", "add", HOST_INTERFACE, "type", "veth",
                "peer", "name", port, "netns", fabricNs)).orThrow();
        runner.run(NamespaceCommands.ipIn(fabricNs, "link", "set", port, "master", BRIDGE)).orThrow();
        runner.run(NamespaceCommands.ipIn(fabricNs, "link", "set", port, "up")).orThrow();
        runner.run(NamespaceCommands.ipIn(hostNs, "addr", "add",
                plan.fabricAddress(index) + "/" + plan.fabric().length(), "dev", HOST_INTERFACE)).orThrow();
        runner.run(NamespaceCommands.ipIn(hostNs, "link", "set", HOST_INTERFACE, "up")).orThrow();
    }
}
