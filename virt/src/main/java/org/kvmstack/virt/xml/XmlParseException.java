package org.kvmstack.virt.xml;

/** A document that is not well-formed, or lacks or misstates something a model requires. */
public class XmlParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public XmlParseException(String message) {
        super(message);
    }

    public XmlParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
