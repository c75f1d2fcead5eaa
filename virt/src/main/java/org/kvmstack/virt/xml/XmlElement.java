package org.kvmstack.virt.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An immutable XML element: qualified name, attributes in document order, child elements and text.
 *
 * <p>This is the only tree the typed models build or read. Values are held unescaped; escaping is the job of
 * {@link XmlWriter} alone, so no model ever produces markup itself. Namespace declarations are ordinary
 * attributes ({@code xmlns:prefix}), which keeps foreign content intact on a round trip.
 *
 * <p>Read accessors return {@code null} or empty lists for absent content; the {@code require*} variants throw
 * {@link XmlParseException} naming the element and attribute that is missing or malformed.
 */
public final class XmlElement {
    // XML 1.0 Name production restricted to the characters libvirt documents use; guards against markup in names.
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]*");

    private final String name;
    private final Map<String, String> attributes;
    private final List<XmlElement> children;
    private final String text;

    private XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, String text) {
        this.name = requireName(name);
        attributes.keySet().forEach(XmlElement::requireName);
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.children = List.copyOf(children);
        this.text = text;
    }

    /** Starts building an element called {@code name} (qualified, e.g. {@code kvmstack:instance}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** An element with only text content, or an empty element when {@code text} is null. */
    public static XmlElement ofText(String name, String text) {
        return builder(name).text(text).build();
    }

    private static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid XML element or attribute name: " + name);
        }
        return name;
    }

    public String name() {
        return name;
    }

    /** The part of the name after the prefix. */
    public String localName() {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(colon + 1);
    }

    /** The namespace prefix, or null when the name has none. */
    public String prefix() {
        int colon = name.indexOf(':');
        return colon < 0 ? null : name.substring(0, colon);
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public List<XmlElement> children() {
        return children;
    }

    /** Text content, or null when the element has none. */
    public String text() {
        return text;
    }

    public String attr(String attribute) {
        return attributes.get(attribute);
    }

    public String requireAttr(String attribute) {
        String value = attributes.get(attribute);
        if (value == null) {
            throw new XmlParseException("<" + name + "> lacks required attribute '" + attribute + "'");
        }
        return value;
    }

    /** An integer attribute, or null when absent; accepts decimal and 0x-prefixed hexadecimal as libvirt does. */
    public Integer intAttr(String attribute) {
        String value = attributes.get(attribute);
        return value == null ? null : parseInt(value, "attribute '" + attribute + "' of <" + name + ">");
    }

    /** A libvirt yes/no or on/off attribute, or null when absent. */
    public Boolean boolAttr(String attribute) {
        String value = attributes.get(attribute);
        if (value == null) {
            return null;
        }
        switch (value) {
            case "yes": case "on": return Boolean.TRUE;
            case "no": case "off": return Boolean.FALSE;
            default:
                throw new XmlParseException("attribute '" + attribute + "' of <" + name
                        + "> must be yes/no or on/off, got '" + value + "'");
        }
    }

    public XmlElement child(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                return child;
            }
        }
        return null;
    }

    public XmlElement requireChild(String childName) {
        XmlElement child = child(childName);
        if (child == null) {
            throw new XmlParseException("<" + name + "> lacks required element <" + childName + ">");
        }
        return child;
    }

    public List<XmlElement> children(String childName) {
        List<XmlElement> found = new ArrayList<>();
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                found.add(child);
            }
        }
        return found;
    }

    /** Text of the first child called {@code childName}, or null when that child is absent. */
    public String childText(String childName) {
        XmlElement child = child(childName);
        return child == null ? null : Objects.requireNonNullElse(child.text, "");
    }

    /** Trimmed text of this element as a long; absent or non-numeric text is an error. */
    public long requireLongText() {
        try {
            return Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new XmlParseException("<" + name + "> must hold a number, got '" + text + "'", e);
        }
    }

    /** Trimmed text of the child as a long, or null when absent. */
    public Long childLong(String childName) {
        String value = childText(childName);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new XmlParseException("<" + childName + "> in <" + name + "> is not a number: '" + value + "'", e);
        }
    }

    /** Attribute of the first child, or null when the child or the attribute is absent. */
    public String childAttr(String childName, String attribute) {
        XmlElement child = child(childName);
        return child == null ? null : child.attr(attribute);
    }

    /** Maps every child called {@code childName} through {@code parser}. */
    public <T> List<T> mapChildren(String childName, Function<XmlElement, T> parser) {
        List<T> out = new ArrayList<>();
        for (XmlElement child : children(childName)) {
            out.add(parser.apply(child));
        }
        return out;
    }

    /** Maps the first child called {@code childName}, or returns null when absent. */
    public <T> T mapChild(String childName, Function<XmlElement, T> parser) {
        return Optional.ofNullable(child(childName)).map(parser).orElse(null);
    }

    static Integer parseInt(String value, String what) {
        try {
            String trimmed = value.trim();
            if (trimmed.startsWith("0x") || trimmed.startsWith("0X")) {
                return Integer.parseInt(trimmed.substring(2), 16);
            }
            return Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw new XmlParseException(what + " is not an integer: '" + value + "'", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XmlElement other
                && name.equals(other.name)
                && attributes.equals(other.attributes)
                && children.equals(other.children)
                && Objects.equals(text, other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, attributes, children, text);
    }

    /** A short description for logs and assertion messages; never throws (use {@link XmlWriter} for XML). */
    @Override
    public String toString() {
        return "<" + name + (attributes.isEmpty() ? "" : " " + attributes) + ">"
                + (text == null ? "" : "\"" + text + "\"") + (children.isEmpty() ? "" : " " + children);
    }

    /** Collects attributes and children; null values and null children are skipped so optional fields stay terse. */
    public static final class Builder {
        private final String name;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<XmlElement> children = new ArrayList<>();
        private String text;

        private Builder(String name) {
            this.name = name;
        }

        public Builder attr(String attribute, Object value) {
            if (value != null) {
                attributes.put(attribute, value.toString());
            }
            return this;
        }

        /** Writes a Boolean as libvirt's yes/no; null is skipped. */
        public Builder yesNo(String attribute, Boolean value) {
            return value == null ? this : attr(attribute, value ? "yes" : "no");
        }

        /** Writes a Boolean as libvirt's on/off; null is skipped. */
        public Builder onOff(String attribute, Boolean value) {
            return value == null ? this : attr(attribute, value ? "on" : "off");
        }

        public Builder attrs(Map<String, String> values) {
            values.forEach(this::attr);
            return this;
        }

        public Builder child(XmlElement child) {
            if (child != null) {
                children.add(child);
            }
            return this;
        }

        public Builder children(List<XmlElement> more) {
            more.forEach(this::child);
            return this;
        }

        /** Adds {@code <childName>text</childName>} unless {@code text} is null. */
        public Builder textChild(String childName, Object text) {
            return text == null ? this : child(ofText(childName, text.toString()));
        }

        /** Adds an empty {@code <childName/>} when {@code present} is true. */
        public Builder flag(String childName, boolean present) {
            return present ? child(builder(childName).build()) : this;
        }

        public Builder text(String value) {
            this.text = value;
            return this;
        }

        public boolean isEmpty() {
            return attributes.isEmpty() && children.isEmpty() && text == null;
        }

        public XmlElement build() {
            return new XmlElement(name, attributes, children, text);
        }
    }
}
