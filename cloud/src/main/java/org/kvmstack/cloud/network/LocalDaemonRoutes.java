package org.kvmstack.cloud.network;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPv4 routes of the network namespace a libvirtd on this machine runs in, so a new default network stays
 * clear of addresses the host already uses outside libvirt (uplinks, fabrics, VPNs).
 *
 * <p>Why not libvirt's interface API: its udev backend lists the interfaces of the machine's root namespace
 * (tried: a test-bed host's libvirtd shows eth0 but not its own fab0), and reports no addresses. A local
 * daemon's own namespace is readable from {@code /proc/<pid>/net/route}; the pid comes from the pid file beside
 * its socket ({@code …/run/libvirt/libvirt-sock} → {@code …/run/libvirt/libvirtd.pid}, as the test bed and
 * quickstart lay them out) or {@code /run/libvirtd.pid} for {@code qemu:///system}. Remote hosts give nothing
 * here (only their libvirt networks are known); the default route is ignored, as it overlaps everything.
 */
final class LocalDaemonRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDaemonRoutes.class);
    private static final Path SYSTEM_PID_FILE = Path.of("/run/libvirtd.pid");

    private LocalDaemonRoutes() {}

    /** Routes of the daemon behind {@code uri}, or none when it is remote or its pid cannot be found. */
    static List<Ipv4Cidr> of(String uri) {
        Optional<Path> pidFile = pidFile(uri);
        if (pidFile.isEmpty() || !Files.isReadable(pidFile.get())) {
            return List.of();
        }
        try {
            String pid = Files.readString(pidFile.get(), StandardCharsets.US_ASCII).strip();
            if (!pid.matches("\\d+")) {
                return List.of();
            }
            Path routes = Path.of("/proc", pid, "net", "route");
            return Files.isReadable(routes) ? parse(Files.readString(routes, StandardCharsets.US_ASCII)) : List.of();
        } catch (IOException e) {
            // Best effort: the daemon may have just exited; the libvirt networks are still checked.
            LOG.debug("cannot read the routes of the libvirtd behind {}: {}", uri, e.toString());
            return List.of();
        }
    }

    /** Where the pid file of a local daemon is, derived from its URI; empty for remote URIs. */
    static Optional<Path> pidFile(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme();
        boolean local = (scheme.equals("qemu") || scheme.equals("qemu+unix"))
                && (parsed.getHost() == null || parsed.getHost().isEmpty()) && "/system".equals(parsed.getPath());
        if (!local) {
            return Optional.empty();
        }
        String query = parsed.getRawQuery();
        if (query != null) {
            for (String param : query.split("&")) {
                if (param.startsWith("socket=")) {
                    Path socket = Path.of(URLDecoder.decode(param.substring("socket=".length()), StandardCharsets.UTF_8));
                    return Optional.ofNullable(socket.getParent()).map(d -> d.resolve("libvirtd.pid"));
                }
            }
        }
        return Optional.of(SYSTEM_PID_FILE);
    }

    /** Parses {@code /proc/net/route}: hex, little-endian destination and mask columns; skips the default route. */
    static List<Ipv4Cidr> parse(String table) {
        List<Ipv4Cidr> routes = new ArrayList<>();
        for (String line : table.lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            int destination = Integer.reverseBytes(Integer.parseUnsignedInt(f[1], 16));
            int mask = Integer.reverseBytes(Integer.parseUnsignedInt(f[7], 16));
            int prefix = Integer.bitCount(mask);
            if (prefix == 0 || mask != Ipv4Cidr.mask(prefix)) {
                continue;
            }
            routes.add(new Ipv4Cidr(destination & mask, prefix));
        }
        return routes;
    }
}
