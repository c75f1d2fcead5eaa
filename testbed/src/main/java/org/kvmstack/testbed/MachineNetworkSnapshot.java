package org.kvmstack.testbed;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The links, addresses, routes and rules of the machine's own network namespace, as {@code ip} prints them.
 * Two snapshots taken around a bed's life must be equal: that is how tests prove the bed added nothing there.
 *
 * @param links     {@code ip -o link show}
 * @param addresses {@code ip -o addr show}, without the lifetimes that count down on their own
 * @param routes    IPv4 and IPv6 routes of every table
 * @param rules     IPv4 and IPv6 policy rules
 */
public record MachineNetworkSnapshot(List<String> links, List<String> addresses, List<String> routes, List<String> rules) {
    private static final Pattern LIFETIMES = Pattern.compile("\\s+valid_lft \\S+ preferred_lft \\S+");

    public MachineNetworkSnapshot {
        links = List.copyOf(links);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
    }

    /** Reads the current state; only reads, never changes anything. */
    public static MachineNetworkSnapshot take() {
        CommandRunner runner = new CommandRunner(Duration.ofSeconds(20));
        return new MachineNetworkSnapshot(
                lines(runner, "ip", "-o", "link", "show"),
                lines(runner, "ip", "-o", "addr", "show").stream().map(l -> LIFETIMES.matcher(l).replaceAll("")).toList(),
                concat(lines(runner, "ip", "-4", "-o", "route", "show", "table", "all"),
                        lines(runner, "ip", "-6", "-o", "route", "show", "table", "all")),
                concat(lines(runner, "ip", "-4", "rule", "show"), lines(runner, "ip", "-6", "rule", "show")));
    }

    private static List<String> lines(CommandRunner runner, String... argv) {
        return runner.run(List.of(argv)).orThrow().stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
