package org.kvmstack.cloud.console;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import org.kvmstack.virt.xml.domain.VncGraphics;

/**
 * Decides where the controller can reach a domain's VNC server over TCP when libvirt cannot pass it a descriptor
 * (a host reached over TCP/TLS/SSH). A server listening on loopback of a remote host is not reachable (and
 * connecting to "127.0.0.1" would reach the controller's own machine instead); a wildcard listener is reached at the
 * host's address from the libvirt URI; a specific address is used as is.
 */
public final class VncEndpoint {
    private VncEndpoint() {
    }

    /** Host and port to connect to, or empty with no route to the server. */
    public static Optional<HostPort> reachable(URI libvirtUri, VncGraphics vnc) {
        if (vnc.socket() != null || vnc.port() == null || vnc.port() <= 0) {
            return Optional.empty(); // a UNIX socket on the host, or not running (port -1)
        }
        String listen = vnc.listenAddress() == null ? "0.0.0.0" : vnc.listenAddress();
        boolean localHost = libvirtUri.getHost() == null || libvirtUri.getHost().isEmpty();
        if (isWildcard(listen)) {
            return Optional.of(new HostPort(localHost ? "127.0.0.1" : libvirtUri.getHost(), vnc.port()));
        }
        if (isLoopback(listen) && !localHost) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(listen, vnc.port()));
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }

    private static boolean isLoopback(String address) {
        if (address.equals("localhost")) {
            return true;
        }
        try {
            // Literal addresses only: getByName on an IP literal does no name lookup.
            return address.matches("[0-9.]+|[0-9a-fA-F:\\[\\]]+") && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A TCP destination. */
    public record HostPort(String host, int port) {
    }
}
