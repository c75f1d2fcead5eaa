package org.kvmstack.virt;

import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide libvirt set-up, done once before the first connection opens: libvirt's default event loop (without
 * it keepalive and domain events silently never work) and a silent error callback (libvirt otherwise prints every
 * error, including expected "domain not found", to stderr; we report errors through {@link VirtException}).
 * This is the only process-wide state of the module, because libvirt's is process-wide.
 */
final class LibvirtRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtRuntime.class);

    private LibvirtRuntime() {
    }

    /** Initialises on first use; later calls do nothing. Thread-safe (class initialisation). */
    static void ensureInitialised() {
        Holder.touch();
    }

    private static final class Holder {
        // Held in a static field so that JNA's callback is never garbage collected while libvirt may call it.
        private static final Libvirt.VirErrorCallback SILENT = (userData, error) -> { };

        static {
            try {
                Connect.setErrorCallback(SILENT);
                Library.initEventLoop();
            } catch (LibvirtException e) {
                throw LibvirtErrors.translate("initialise libvirt event loop", e);
            }
            Thread t = new Thread(Holder::run, "libvirt-event-loop");
            t.setDaemon(true);
            t.start();
        }

        static void touch() {
        }

        private static void run() {
            while (true) {
                try {
                    Library.runEventLoop();
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (LibvirtException e) {
                    // One failed poll iteration must not end event delivery for the whole process.
                    LOG.warn("libvirt event loop iteration failed: {}", e.getMessage());
                }
            }
        }
    }
}
