package org.kvmstack.testbed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the argument lists that run a program inside a host's namespaces; nothing here is a shell string. */
final class NamespaceCommands {
    private NamespaceCommands() {
    }

    static Path netnsFile(String netns) {
        return Path.of("/run/netns", netns);
    }

    /**
     * Refuses a network namespace name that is already taken, before it is journaled: tear-down deletes what the
     * journal names, and must never delete somebody else's namespace.
     */
    static void requireFreeNetns(String netns) {
        if (java.nio.file.Files.exists(netnsFile(netns), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new TestBedException("network namespace " + netns + " already exists (another bed of the same name?)");
        }
    }

    /** {@code nsenter --mount=M --uts=U --net=/run/netns/N -- command...}. */
    static List<String> inHost(Path mountNs, Path utsNs, String netns, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> argv = new ArrayList<>(List.of(
                "nsenter", "--mount=" + mountNs, "--uts=" + utsNs, "--net=" + netnsFile(netns), "--"));
        argv.addAll(command);
        return argv;
    }

    /** {@code nsenter --mount=M -- command...}: touches only the host's mount table. */
    static List<String> inMountNs(Path mountNs, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--mount=" + mountNs, "--"));
        argv.addAll(command);
        return argv;
    }

    /** {@code ip -n NETNS args...}. */
    static List<String> ipIn(String netns, String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", netns));
        argv.addAll(List.of(args));
        return argv;
    }
}
