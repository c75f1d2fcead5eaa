package org.kvmstack.virt.validate;

/**
 * Connects to libvirtd at a URI and asks for its versions. Injected into {@link HostValidator} so that validation can
 * use whichever connection layer the caller has; {@link #readOnlyConnection()} uses {@code VirtConnection}.
 */
@FunctionalInterface
public interface LibvirtdProbe {
    /**
     * @return the versions of the daemon at the URI; the connection is closed before returning
     * @throws LibvirtdUnreachableException when it cannot connect (the message is libvirt's reason)
     */
    LibvirtdVersions versions(String uri) throws LibvirtdUnreachableException;

    /** A read-only {@code VirtConnection} opened and closed for the question. */
    static LibvirtdProbe readOnlyConnection() {
        return new ConnectionLibvirtdProbe();
    }
}
