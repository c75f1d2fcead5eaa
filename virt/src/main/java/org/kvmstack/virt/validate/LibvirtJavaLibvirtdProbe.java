package org.kvmstack.virt.validate;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** Asks libvirtd through a short-lived read-only libvirt-java connection. */
final class LibvirtJavaLibvirtdProbe implements LibvirtdProbe {
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
