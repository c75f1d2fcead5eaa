package org.kvmstack.virt.validate;

import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;

/** Asks libvirtd through a short-lived read-only libvirt-java connection. */
final class LibvirtJavaLibvirtdProbe implements LibvirtdProbe {
    /**
     * libvirt prints every error to stderr unless an error function is set; ours already arrive as
     * {@link LibvirtException}, so the print only duplicates them. Held in a constant so JNA's callback is never
     * collected while libvirt can still call it.
     */
    private static final Libvirt.VirErrorCallback ERRORS_ARRIVE_AS_EXCEPTIONS = new Libvirt.VirErrorCallback() {
        @Override
        public void errorCallback(Pointer userData, virError error) {
            // deliberately empty: the same error is raised as a LibvirtException to the caller
        }
    };

    LibvirtJavaLibvirtdProbe() {
        try {
            Connect.setErrorCallback(ERRORS_ARRIVE_AS_EXCEPTIONS);
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot install libvirt error callback", e);
        }
    }

    @Override
    public LibvirtdVersions versions(String uri) throws LibvirtdUnreachableException {
        Connect connection;
        try {
            connection = new Connect(uri, true);
        } catch (LibvirtException e) {
            throw new LibvirtdUnreachableException(uri, e.getMessage(), e);
        }
        try {
            return new LibvirtdVersions(connection.getType(), LibvirtdVersions.decode(connection.getVersion()),
                    LibvirtdVersions.decode(connection.getLibVersion()));
        } catch (LibvirtException e) {
            throw new LibvirtdUnreachableException(uri, e.getMessage(), e);
        } finally {
            closeAfterQuestion(connection, uri);
        }
    }

    /** The answer is already in hand; a failing close is reported rather than lost. */
    private static void closeAfterQuestion(Connect connection, String uri) throws LibvirtdUnreachableException {
        try {
            connection.close();
        } catch (LibvirtException e) {
            throw new LibvirtdUnreachableException(uri, "close: " + e.getMessage(), e);
        }
    }
}
