package org.kvmstack.virt.validate;

/** libvirtd at a URI could not be reached or did not answer. */
public final class LibvirtdUnreachableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String uri;

    public LibvirtdUnreachableException(String uri, String reason, Throwable cause) {
        super(reason, cause);
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }
}
