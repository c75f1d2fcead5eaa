package org.kvmstack.testbed;

import java.util.ArrayList;
import java.util.List;

/**
 * The IPv4 prefixes the machine's own network namespace already uses (routes in every table, and
 * interface addresses), read with {@code ip} without changing anything, so a bed's block avoids them.
 */
final class MachineRoutes {
    private MachineRoutes() {
    }

    static List<Ipv4Prefix> inUse(CommandRunner runner) {
        List<Ipv4Prefix> taken = new ArrayList<>();
        for (String line : runner.run(List.of("ip", "-4", "-o", "route", "show", "table", "all")).orThrow().stdout().split("\n")) {
            firstPrefix(line.trim().split("\\s+")).ifPresent(taken::add);
        }
        for (String line : runner.run(List.of("ip", "-4", "-o", "addr", "show")).orThrow().stdout().split("\n")) {
            String[] f = line.trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals("inet")) {
                    parse(f[i + 1]).ifPresent(taken::add);
                }
            }
        }
        return taken;
    }

    /** Parses a route line's destination: the first field, or the second after a route type such as "local". */
    static java.util.Optional<Ipv4Prefix> firstPrefix(String[] fields) {
        for (int i = 0; i < Math.min(2, fields.length); i++) {
            java.util.Optional<Ipv4Prefix> p = parse(fields[i]);
            if (p.isPresent()) {
                return p;
            }
        }
        return java.util.Optional.empty(); // "default" and the like: a default route overlaps nothing we must avoid
    }

    private static java.util.Optional<Ipv4Prefix> parse(String token) {
        if (!token.matches("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Ipv4Prefix.parse(token));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty(); // an octet above 255 is not an address; nothing to avoid
        }
    }
}
