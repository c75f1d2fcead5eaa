package org.kvmstack.virt;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deterministic release of libvirt-java handles, so nothing waits for {@code finalize()}. Use:
 * {@code Domain d = lookup(); try { ... } catch (LibvirtException e) { throw translate } finally { Handles.free(d); }}
 * — translate before the finally, because freeing resets libvirt's thread-local last error.
 */
final class Handles {
    private static final Logger LOG = LoggerFactory.getLogger(Handles.class);

    private Handles() {
    }

    @FunctionalInterface
    interface HandleCall<H, T> {
        T apply(H handle) throws LibvirtException;
    }

    static <T> T use(Domain d, String op, HandleCall<Domain, T> fn) {
        try {
            return fn.apply(d);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(op, e);
        } finally {
            free(d);
        }
    }

    static <T> T use(Network n, String op, HandleCall<Network, T> fn) {
        try {
            return fn.apply(n);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(op, e);
        } finally {
            free(n);
        }
    }

    static <T> T use(StoragePool p, String op, HandleCall<StoragePool, T> fn) {
        try {
            return fn.apply(p);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(op, e);
        } finally {
            free(p);
        }
    }

    static <T> T use(StorageVol v, String op, HandleCall<StorageVol, T> fn) {
        try {
            return fn.apply(v);
        } catch (LibvirtException e) {
            throw LibvirtErrors.translate(op, e);
        } finally {
            free(v);
        }
    }

    // A failed free leaks one reference in libvirtd's memory at worst; it must not mask the operation's outcome,
    // so it is logged, not thrown.
    static void free(Domain d) {
        try {
            if (d != null) {
                d.free();
            }
        } catch (LibvirtException e) {
            LOG.warn("free domain handle: {}", e.getMessage());
        }
    }

    static void free(Network n) {
        try {
            if (n != null) {
                n.free();
            }
        } catch (LibvirtException e) {
            LOG.warn("free network handle: {}", e.getMessage());
        }
    }

    static void free(StoragePool p) {
        try {
            if (p != null) {
                p.free();
            }
        } catch (LibvirtException e) {
            LOG.warn("free pool handle: {}", e.getMessage());
        }
    }

    static void free(StorageVol v) {
        try {
            if (v != null) {
                v.free();
            }
        } catch (LibvirtException e) {
            LOG.warn("free volume handle: {}", e.getMessage());
        }
    }
}
