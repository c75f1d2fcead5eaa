package org.kvmstack.cloud.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.virt.DomainConsole;
import org.kvmstack.virt.DomainGraphics;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.VncGraphics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens console channels on a target's host: the serial console through libvirt's console stream (any
 * connection), VNC through {@code virDomainOpenGraphicsFD} (local and UNIX-socket connections), falling back to a
 * TCP connection to the listen address of the domain's live XML when libvirt cannot pass a descriptor and that
 * address is reachable (see {@link VncEndpoint}).
 */
public final class ConsoleConnector {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleConnector.class);
    private static final Duration TCP_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * @throws NotFound when the domain is gone
     * @throws Conflict when the domain is not running or has no such console
     */
    public ConsoleChannel open(ConsoleTarget target, ConsoleType type) {
        DomainRef ref = DomainRef.of(target.domainUuid());
        try {
            return switch (type) {
                case SERIAL -> serial(target, ref);
                case NOVNC -> vnc(target, ref);
            };
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_DOMAIN)) {
                throw new NotFound("Instance " + target.domainUuid() + " could not be found on its host.");
            }
            if (e.is(VirtErrorKind.OPERATION_INVALID)) {
                throw new Conflict("Cannot open the " + type.apiName() + " console of instance " + target.domainUuid()
                        + " while it is not running.");
            }
            throw e;
        }
    }

    private static ConsoleChannel serial(ConsoleTarget target, DomainRef ref) {
        // force: a newer session takes the console over, as nova's serial proxy does for a reconnecting browser.
        DomainConsole console = target.host().domains().openConsole(ref, null, true);
        String where = "serial console of " + target.domainUuid() + " on " + target.host().uri();
        return new ConsoleChannel() {
            @Override
            public int read(byte[] buffer, Duration timeout) {
                return console.read(buffer, timeout);
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                byte[] chunk = offset == 0 && length == data.length ? data
                        : java.util.Arrays.copyOfRange(data, offset, offset + length);
                console.write(chunk);
            }

            @Override
            public String describe() {
                return where;
            }

            @Override
            public void close() {
                console.close();
            }
        };
    }

    private static ConsoleChannel vnc(ConsoleTarget target, DomainRef ref) {
        try {
            DomainGraphics graphics = target.host().domains().openGraphics(ref, 0, true);
            return graphicsChannel(graphics, "VNC (passed descriptor) of " + target.domainUuid() + " on "
                    + target.host().uri());
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_DOMAIN) || e.is(VirtErrorKind.OPERATION_INVALID)) {
                throw e;
            }
            LOG.info("VNC of {} on {}: libvirt passes no descriptor ({}), trying the listen address",
                    target.domainUuid(), target.host().uri(), e.getMessage());
            return tcpFallback(target, ref, e);
        }
    }

    private static ConsoleChannel tcpFallback(ConsoleTarget target, DomainRef ref, VirtException cause) {
        Domain live = Domain.parse(target.host().domains().xml(ref, Set.of()));
        Optional<VncGraphics> vnc = live.devices().graphics().stream().findFirst();
        if (vnc.isEmpty()) {
            throw new Conflict("Instance " + target.domainUuid() + " has no VNC graphics.");
        }
        VncEndpoint.HostPort to = VncEndpoint.reachable(URI.create(target.host().uri()), vnc.get())
                .orElseThrow(() -> new Conflict("The VNC server of instance " + target.domainUuid()
                        + " is not reachable from the controller (libvirt cannot pass it over "
                        + target.host().uri() + ": " + cause.getMessage() + ")."));
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(to.host(), to.port()), (int) TCP_CONNECT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return socketChannel(socket, "VNC at " + to.host() + ":" + to.port() + " of " + target.domainUuid());
        } catch (IOException e) {
            closeQuietly(socket);
            throw new Conflict("Cannot reach the VNC server of instance " + target.domainUuid() + " at " + to.host()
                    + ":" + to.port() + ": " + e.getMessage());
        }
    }

    private static ConsoleChannel graphicsChannel(DomainGraphics graphics, String where) {
        return new ConsoleChannel() {
            @Override
            public int read(byte[] buffer, Duration timeout) {
                return graphics.read(buffer, timeout);
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                graphics.write(data, offset, length);
            }

            @Override
            public String describe() {
                return where;
            }

            @Override
            public void close() {
                graphics.close();
            }
        };
    }

    private static ConsoleChannel socketChannel(Socket socket, String where) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        return new ConsoleChannel() {
            @Override
            public int read(byte[] buffer, Duration timeout) {
                try {
                    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
                    return in.read(buffer);
                } catch (SocketTimeoutException e) {
                    return 0;
                } catch (IOException e) {
                    if (socket.isClosed()) {
                        return -1;
                    }
                    throw new java.io.UncheckedIOException("read " + where, e);
                }
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                try {
                    out.write(data, offset, length);
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("write " + where, e);
                }
            }

            @Override
            public String describe() {
                return where;
            }

            @Override
            public void close() {
                closeQuietly(socket);
            }
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("close VNC socket: {}", e.getMessage());
        }
    }
}
