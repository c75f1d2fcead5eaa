package org.kvmstack.virt;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.kvmstack.virt.host.NodeInfo;
import org.kvmstack.virt.jna.NativeLibvirt;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One libvirt connection by URI ({@code qemu:///system}, {@code qemu+tcp://h/system}, {@code qemu+ssh://…},
 * {@code qemu+unix:///system?socket=…}, {@code test:///default}, {@code test:///path/host.xml}).
 *
 * <p>Contracts callers may rely on:
 * <ul>
 *   <li><b>Concurrency</b>: every method may be called from any number of threads at once.</li>
 *   <li><b>Reconnect</b>: when libvirtd restarts or the link drops (seen through keepalive, {@code isAlive} or a
 *   connection error), the next call reopens the connection. Reads ({@code lookup}, {@code list}, {@code xml},
 *   {@code info}, …) are retried once on the new connection; changes (define, start, destroy, …) are never retried:
 *   a change interrupted by a lost connection fails with {@link VirtErrorKind#CONNECTION_FAILED} and the caller
 *   decides. Event listeners survive a reconnect (events emitted while disconnected are lost).</li>
 *   <li><b>Handles</b>: no libvirt type escapes; every native handle obtained for a call is freed before the call
 *   returns. {@link #close()} releases the connection deterministically and is idempotent.</li>
 *   <li><b>Errors</b>: every failure is a {@link VirtException} that keeps libvirt's error code.</li>
 *   <li><b>Long calls</b>: calls that hold libvirtd for seconds (a QEMU start, a destroy, a migration, a volume
 *   copy) run on a second connection to the same URI, the <em>long-call lane</em>, opened on first use. libvirtd
 *   serves at most {@code max_client_requests} (default 5) calls of one client connection at once and queues
 *   the rest: in a burst of creates, five QEMU starts would otherwise hold every slot, and each build's quick
 *   calls (define, a volume, a state read) and every API read of the host would wait behind them. Domain events
 *   come on this connection only. A driver whose every connection is a world of its own ({@code test:///}) keeps one
 *   connection.</li>
 * </ul>
 */
public final class VirtConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirtConnection.class);

    /**
     * @param keepAliveInterval how often the client pings libvirtd while idle (remote URIs only)
     * @param keepAliveCount unanswered pings after which the connection is declared dead
     * @param readOnly open with {@code virConnectOpenReadOnly}
     */
    public record Options(Duration keepAliveInterval, int keepAliveCount, boolean readOnly) {
        public Options {
            Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
            if (keepAliveInterval.toSeconds() < 1 || keepAliveCount < 1) {
                throw new IllegalArgumentException("keepalive needs an interval of at least 1s and a count of at "
                        + "least 1, got " + keepAliveInterval + " x " + keepAliveCount);
            }
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), 3, false);
        }
    }

    private final String uri;
    private final Options options;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final DomainEvents events = new DomainEvents(this);
    private final Domains domains = new Domains(this);
    private final Networks networks = new Networks(this);
    private final Storage storage = new Storage(this);
    private Connect connect; // guarded by lock: replaced under the write lock, used under the read lock
    private boolean closed;
    // Not under lock: its read lock is held for the whole of every call, so taking the write lock here would wait
    // for every call in flight.
    private final Object laneLock = new Object();
    private VirtConnection longCallLane; // guarded by laneLock; this connection itself for test:///
    private boolean laneClosed; // guarded by laneLock

    private final boolean lane; // a helper connection of another: no events, no lanes of its own

    private VirtConnection(String uri, Options options, boolean lane) {
        this.uri = uri;
        this.options = options;
        this.lane = lane;
    }

    /** A helper connection to the same URI (the long-call lane, see the class comment): no events, no lane of its own. */
    private static VirtConnection openLane(String uri, Options options) {
        VirtConnection c = new VirtConnection(uri, options, true);
        c.reopen(null);
        return c;
    }

    /** Opens {@code uri} with default options; fails fast with {@link VirtErrorKind#CONNECTION_FAILED}. */
    public static VirtConnection open(String uri) {
        return open(uri, Options.defaults());
    }

    public static VirtConnection open(String uri, Options options) {
        Objects.requireNonNull(uri, "uri");
        LibvirtRuntime.ensureInitialised();
        VirtConnection c = new VirtConnection(uri, options, false);
        c.reopen(null);
        return c;
    }

    /** The URI this connection was opened with (not libvirt's canonical form). */
    public String uri() {
        return uri;
    }

    public Domains domains() {
        return domains;
    }

    public Networks networks() {
        return networks;
    }

    public Storage storage() {
        return storage;
    }

    /**
     * Subscribes to domain lifecycle events of this connection. The listener runs on this connection's single
     * dispatch thread, in event order, never concurrently with itself; it may call back into this connection.
     * Closing the returned subscription stops delivery; it is idempotent.
     */
    public AutoCloseable onDomainEvent(DomainEventListener listener) {
        return events.subscribe(listener);
    }

    /** True when the connection is open and libvirt believes the peer is reachable. Never throws. */
    public boolean isAlive() {
        lock.readLock().lock();
        try {
            return !closed && connect != null && alive(connect);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Hypervisor type and version, libvirt version and host name of the other side. */
    public VersionInfo version() {
        return query("get version", c -> new VersionInfo(c.getType(), LibvirtVersion.of(c.getVersion()),
                LibvirtVersion.of(c.getLibVersion()), c.getHostName()));
    }

    /** What {@code virsh nodeinfo} prints. */
    public NodeInfo nodeInfo() {
        return query("get node info", c -> {
            org.libvirt.NodeInfo n = c.nodeInfo();
            return new NodeInfo(n.model, n.cpus, n.mhz, n.nodes, n.sockets, n.cores, n.threads, n.memory);
        });
    }

    /** The host capabilities XML ({@code virsh capabilities}). */
    public String capabilitiesXml() {
        return query("get capabilities", Connect::getCapabilities);
    }

    /** Free memory in bytes of {@code count} NUMA cells starting at {@code firstCell}. */
    public long[] cellsFreeMemory(int firstCell, int count) {
        return query("get free memory of NUMA cells", c -> NativeLibvirt.cellsFreeMemory(c, firstCell, count));
    }

    /**
     * Free memory of the whole host in bytes. libvirt treats 0 as failure, so a host reporting no free memory (the
     * test driver with a custom host file has no cells) fails with {@link VirtErrorKind#OTHER}.
     */
    public long freeMemory() {
        return query("get free memory", Connect::getFreeMemory);
    }

    /** Closes the connection and stops event delivery. Idempotent; later calls fail with CONNECTION_FAILED. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            events.shutdown(connect);
            closeQuietly(connect);
            connect = null;
            synchronized (laneLock) {
                laneClosed = true;
                if (longCallLane != null && longCallLane != this) {
                    longCallLane.close();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * A change that may hold libvirtd for seconds, on the long-call lane (see the class comment); never retried,
     * like {@link #change}.
     */
    <T> T changeOnLongCallLane(String operation, LibvirtCall<T> call) {
        return longCallLane().change(operation, call);
    }

    private VirtConnection longCallLane() {
        synchronized (laneLock) {
            if (longCallLane == null && !laneClosed) {
                // test:///default is one shared world per process, but test:///<file> opens a fresh one per
                // connection: a second connection would not see this one's domains.
                longCallLane = lane || uri.startsWith("test:") ? this : openLane(uri, options);
            }
            // After close() this connection answers: its calls fail with CONNECTION_FAILED.
            return longCallLane == null ? this : longCallLane;
        }
    }

    /** A read: retried once on a fresh connection when the first attempt found the connection lost. */
    <T> T query(String operation, LibvirtCall<T> call) {
        return call(operation, call, 2);
    }

    /** A change: never retried, because it may have taken effect before the connection dropped. */
    <T> T change(String operation, LibvirtCall<T> call) {
        return call(operation, call, 1);
    }

    /**
     * Runs {@code call} with {@code other}'s connection held too (migration needs both ends). Never retried on
     * either side. {@code other} must be a different connection (the caller checks), or reopening inside would
     * need this connection's write lock while its read lock is held.
     */
    <T> T changeWith(VirtConnection other, String operation, TwoConnectCall<T> call) {
        return change(operation, mine -> other.change(operation, theirs -> call.apply(mine, theirs)));
    }

    @FunctionalInterface
    interface TwoConnectCall<T> {
        T apply(Connect mine, Connect theirs) throws LibvirtException;
    }

    /**
     * Runs {@code call} on a live connection. {@code maxCalls} is how often the call itself may run (2 = one retry
     * after a lost connection); reopening is bounded too, so a connection that drops again at once cannot spin.
     */
    private <T> T call(String operation, LibvirtCall<T> call, int maxCalls) {
        int calls = 0;
        int reopens = 0;
        while (true) {
            Connect used;
            lock.readLock().lock();
            try {
                if (closed) {
                    throw VirtException.of(operation, VirtErrorKind.CONNECTION_FAILED, "connection to " + uri
                            + " is closed");
                }
                used = connect;
                if (used != null && alive(used)) {
                    VirtException failure;
                    calls++;
                    try {
                        return call.apply(used);
                    } catch (LibvirtException e) {
                        failure = LibvirtErrors.translate(operation, e);
                    } catch (VirtException e) {
                        failure = e;
                    }
                    if (alive(used)) {
                        throw failure;
                    }
                    if (calls >= maxCalls) {
                        throw new VirtException(operation, VirtErrorKind.CONNECTION_FAILED, failure.code(),
                                failure.errorDomain(), "connection to " + uri + " lost: "
                                + failure.libvirtMessage(), failure);
                    }
                    LOG.info("connection to {} lost during '{}', reconnecting", uri, operation);
                }
            } finally {
                lock.readLock().unlock();
            }
            if (++reopens > maxCalls + 1) {
                throw VirtException.of(operation, VirtErrorKind.CONNECTION_FAILED, "connection to " + uri
                        + " keeps dropping right after it is reopened");
            }
            reopen(used);
        }
    }

    /**
     * Replaces {@code expected} by a fresh connection, unless another thread already did.
     *
     * @throws VirtException CONNECTION_FAILED when libvirtd cannot be reached
     */
    private void reopen(Connect expected) {
        lock.writeLock().lock();
        try {
            if (closed) {
                throw VirtException.of("reconnect", VirtErrorKind.CONNECTION_FAILED, "connection to " + uri
                        + " is closed");
            }
            if (connect != expected && connect != null && alive(connect)) {
                return;
            }
            Connect old = connect;
            connect = null;
            if (old != null) {
                events.detach(old);
                closeQuietly(old);
            }
            Connect fresh = openConnect();
            if (!lane) {
                events.attach(fresh);
            }
            connect = fresh;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Connect openConnect() {
        Connect fresh;
        try {
            fresh = new Connect(uri, options.readOnly());
        } catch (LibvirtException e) {
            VirtException v = LibvirtErrors.translate("open " + uri, e);
            throw new VirtException("open " + uri, VirtErrorKind.CONNECTION_FAILED, v.code(), v.errorDomain(),
                    v.libvirtMessage(), e);
        }
        try {
            fresh.setKeepAlive((int) options.keepAliveInterval().toSeconds(), options.keepAliveCount());
        } catch (LibvirtException e) {
            // Local drivers (test:///, qemu:/// inside libvirtd) have no keepalive; that is not a failure.
            LOG.debug("keepalive not enabled for {}: {}", uri, e.getMessage());
        }
        return fresh;
    }

    private static boolean alive(Connect c) {
        try {
            return c.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    private void closeQuietly(Connect c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (LibvirtException e) {
            // Closing a dead connection reports the old failure again; nothing is left to release.
            LOG.debug("close of {} reported: {}", uri, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "VirtConnection[" + uri + "]";
    }
}
