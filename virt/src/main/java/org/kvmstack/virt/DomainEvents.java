package org.kvmstack.virt;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges libvirt-java lifecycle callbacks to our listeners. One libvirt registration per open {@link Connect}
 * (re-made after a reconnect); events are handed from the libvirt event-loop thread to one dispatch thread per
 * connection, so a slow listener never stalls libvirt's loop (and with it keepalive).
 */
final class DomainEvents {
    private static final Logger LOG = LoggerFactory.getLogger(DomainEvents.class);

    private final VirtConnection owner;
    private final List<DomainEventListener> listeners = new CopyOnWriteArrayList<>();
    private final LifecycleListener bridge = this::onLifecycle;
    private final ExecutorService dispatch;
    private Connect registeredOn; // guarded by the owner's write lock

    DomainEvents(VirtConnection owner) {
        this.owner = owner;
        this.dispatch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "virt-events " + owner.uri());
            t.setDaemon(true);
            return t;
        });
    }

    AutoCloseable subscribe(DomainEventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Registers the bridge on a freshly opened connection. Called under the owner's write lock. */
    void attach(Connect c) {
        try {
            c.addLifecycleListener(bridge);
            registeredOn = c;
        } catch (LibvirtException e) {
            // Events are an optimisation for callers that also poll; a driver without them must stay usable.
            LOG.warn("domain events unavailable on {}: {}", owner.uri(), e.getMessage());
        }
    }

    /** Unregisters from a connection about to be closed. Called under the owner's write lock. */
    void detach(Connect c) {
        if (registeredOn != c) {
            return;
        }
        registeredOn = null;
        try {
            c.removeLifecycleListener(bridge);
        } catch (LibvirtException e) {
            // A dead connection cannot deregister; closing it drops the registration anyway.
            LOG.debug("removing lifecycle listener from {}: {}", owner.uri(), e.getMessage());
        }
    }

    void shutdown(Connect c) {
        if (c != null) {
            detach(c);
        }
        dispatch.shutdownNow();
    }

    private int onLifecycle(Domain domain, org.libvirt.event.DomainEvent event) {
        DomainEvent ours;
        try {
            ours = new DomainEvent(UUID.fromString(domain.getUUIDString()), domain.getName(),
                    DomainEventType.valueOf(event.getType().name()), detailName(event));
        } catch (LibvirtException e) {
            LOG.warn("dropping lifecycle event {} on {}: {}", event, owner.uri(), e.getMessage());
            return 0;
        } finally {
            Handles.free(domain);
        }
        if (!listeners.isEmpty()) {
            try {
                dispatch.execute(() -> deliver(ours));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("connection {} closed; event {} not delivered", owner.uri(), ours);
            }
        }
        return 0;
    }

    private static String detailName(org.libvirt.event.DomainEvent event) {
        Object detail = event.getDetail();
        return detail == null ? "UNKNOWN" : ((Enum<?>) detail).name();
    }

    private void deliver(DomainEvent event) {
        for (DomainEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("domain event listener failed on {}", event, e);
            }
        }
    }
}
