package org.kvmstack.virt;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared {@link VirtConnection} per URI, for a process that talks to many hosts. Connections are opened on
 * first use and owned by the registry: callers must not close them; {@link #close()} closes all of them.
 * Safe for concurrent use; two threads asking for the same URI get the same connection, opened once.
 */
public final class VirtConnections implements AutoCloseable {
    private final Map<String, VirtConnection> byUri = new ConcurrentHashMap<>();
    private final VirtConnection.Options options;
    private volatile boolean closed;

    public VirtConnections() {
        this(VirtConnection.Options.defaults());
    }

    public VirtConnections(VirtConnection.Options options) {
        this.options = options;
    }

    /**
     * The connection to {@code uri}, opened now if needed.
     *
     * @throws VirtException CONNECTION_FAILED when the host cannot be reached (nothing is cached then)
     */
    public VirtConnection get(String uri) {
        if (closed) {
            throw VirtException.of("connect to " + uri, VirtErrorKind.CONNECTION_FAILED, "registry closed");
        }
        VirtConnection c = byUri.computeIfAbsent(uri, u -> VirtConnection.open(u, options));
        if (closed) {
            // close() ran while we were opening: do not leave a connection behind it.
            evict(uri);
            throw VirtException.of("connect to " + uri, VirtErrorKind.CONNECTION_FAILED, "registry closed");
        }
        return c;
    }

    /** Closes and forgets the connection to {@code uri}, e.g. when a host is removed. No-op when not open. */
    public void evict(String uri) {
        VirtConnection c = byUri.remove(uri);
        if (c != null) {
            c.close();
        }
    }

    /** URIs with an open connection. */
    public List<String> uris() {
        return List.copyOf(byUri.keySet());
    }

    @Override
    public void close() {
        closed = true;
        for (String uri : List.copyOf(byUri.keySet())) {
            evict(uri);
        }
    }
}
