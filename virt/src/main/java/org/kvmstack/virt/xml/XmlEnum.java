package org.kvmstack.virt.xml;

/** An enum whose constants are spelled in libvirt XML by {@link #xmlValue()}. */
public interface XmlEnum {
    String xmlValue();

    /** The constant spelled {@code value}, or null for null; an unknown spelling names the accepted ones. */
    static <E extends Enum<E> & XmlEnum> E fromXml(Class<E> type, String value, String field) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.xmlValue().equals(value)) {
                return constant;
            }
        }
        StringBuilder accepted = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            accepted.append(accepted.length() == 0 ? "" : ", ").append(constant.xmlValue());
        }
        throw new XmlParseException(field + " '" + value + "' is not one of: " + accepted);
    }

    /** The XML spelling, or null for null (so optional enum fields drop out of the builder). */
    static String toXml(XmlEnum value) {
        return value == null ? null : value.xmlValue();
    }
}
