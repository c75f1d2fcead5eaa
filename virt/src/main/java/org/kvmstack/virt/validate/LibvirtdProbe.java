package org.kvmstack.virt.validate;

/**
 * Connects to libvirtd at a URI and asks for its versions. Injected into {@link HostValidator} so that validation can
 * use whichever connection layer the caller has; {@link #libvirtJava()} is a direct one.
 */
@FunctionalInterface
public interface LibvirtdProbe {
    /**
     * @return the versions of the daemon at the URI; the connection is closed before returning
     * @throws LibvirtdUnreachableException when it cannot connect (the message is libvirt's reason)
     */
    LibvirtdVersions versions(String uri) throws LibvirtdUnreachableException;

    /** A read-only libvirt-java connection opened and closed for the question. */
    static LibvirtdProbe libvirtJava() {
        return new LibvirtJavaLibvirtdProbe();
    }
}
