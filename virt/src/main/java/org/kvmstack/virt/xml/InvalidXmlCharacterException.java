package org.kvmstack.virt.xml;

/**
 * A value holds a character that XML 1.0 cannot carry at all (control characters other than tab, newline and
 * carriage return, unpaired surrogates, U+FFFE/U+FFFF). Such values are rejected rather than silently altered.
 */
public class InvalidXmlCharacterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidXmlCharacterException(String message) {
        super(message);
    }
}
