package org.kvmstack.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One libvirt host of a test bed: a libvirtd in its own network, mount and UTS namespaces.
 * The machine reaches it through its UNIX socket ({@link #localUri()}); its peers reach it over the fabric
 * ({@link #fabricUri()}). Instances are immutable handles; the bed owns the host's lifetime.
 */
public final class LabHost {
    private final int index;
    private final String name;
    private final String netns;
    private final String fabricAddress;
    private final String guestSubnet;
    private final Path mountNsFile;
    private final Path utsNsFile;
    private final Path libvirtSocket;
    private final Path privateStorage;
    private final Path sharedStorage;
    private final CommandRunner runner;

    private LabHost(BedLayout layout, AddressPlan plan, CommandRunner runner, int index) {
        this.index = index;
        this.name = layout.hostName(index);
        this.netns = layout.hostNetns(index);
        this.fabricAddress = plan.fabricAddress(index);
        this.guestSubnet = plan.guestNetwork(index).toString();
        this.mountNsFile = layout.mountNsFile(index);
        this.utsNsFile = layout.utsNsFile(index);
        this.libvirtSocket = layout.libvirtSocket(index);
        this.privateStorage = layout.privateStorage(index);
        this.sharedStorage = layout.sharedDir();
        this.runner = runner;
    }

    static LabHost of(BedLayout layout, AddressPlan plan, CommandRunner runner, int index) {
        return new LabHost(layout, plan, runner, index);
    }

    /** 1-based position in the bed. */
    public int index() {
        return index;
    }

    /** The host's name, e.g. {@code ks-3fa2-h1}; also its hostname (UTS namespace) and network namespace name. */
    public String name() {
        return name;
    }

    /** The name of the host's network namespace under /run/netns. */
    public String netns() {
        return netns;
    }

    /** The libvirt URI through the host's UNIX socket, usable from the machine's own namespaces. */
    public String localUri() {
        return "qemu+unix:///system?socket=" + libvirtSocket;
    }

    /** The libvirt URI by which other hosts of the bed reach this one over the fabric (from inside their namespaces only). */
    public String fabricUri() {
        return "qemu+tcp://" + fabricAddress + "/system";
    }

    /** This host's address on the bed's fabric network. */
    public String fabricAddress() {
        return fabricAddress;
    }

    /** The host's isolated guest network, named {@value LabNetworkXml#NETWORK_NAME} on every host; present when the bed was started with it. */
    public String guestNetworkName() {
        return LabNetworkXml.NETWORK_NAME;
    }

    /** The subnet of this host's guest network in CIDR form, e.g. 10.213.33.0/24 (gateway .1, DHCP .100–.199). */
    public String guestSubnet() {
        return guestSubnet;
    }

    /**
     * Storage only this host sees, at {@link #privateStorageInHost()} inside the host; the same path on every host
     * holds different files (what copy-storage migration needs).
     */
    public Path privateStorage() {
        return privateStorage;
    }

    /** Where the host itself (libvirtd, QEMU, {@link #exec}) sees {@link #privateStorage()}. */
    public Path privateStorageInHost() {
        return Path.of(BedLayout.HOST_PRIVATE_STORAGE);
    }

    /** Storage shared by every host of the bed, at this same path inside every host and on the machine. */
    public Path sharedStorage() {
        return sharedStorage;
    }

    /** The argument list that runs {@code command} inside this host's namespaces (for callers that manage the process). */
    public List<String> commandInHost(List<String> command) {
        return NamespaceCommands.inHost(mountNsFile, utsNsFile, netns, command);
    }

    /** Runs {@code command} inside the host's namespaces with the bed's default time limit; never throws for a non-zero exit. */
    public CommandResult exec(List<String> command) {
        return runner.run(commandInHost(command));
    }

    /** As {@link #exec(List)} with an explicit time limit. */
    public CommandResult exec(List<String> command, Duration timeout) {
        return runner.run(commandInHost(command), timeout);
    }

    @Override
    public String toString() {
        return name + " (" + fabricAddress + ")";
    }
}
