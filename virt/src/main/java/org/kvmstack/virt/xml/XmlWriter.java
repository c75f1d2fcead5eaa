package org.kvmstack.virt.xml;

import java.util.Map;

/**
 * The one writer that turns an {@link XmlElement} tree into XML text.
 *
 * <p>Escaping rule: every attribute value and every text node passes through {@link #escape}: {@code & < >} always,
 * {@code " '} and tab/newline/carriage return in attributes (so they survive attribute-value normalisation). A
 * character XML 1.0 cannot represent is rejected with {@link InvalidXmlCharacterException}; nothing is dropped or
 * replaced silently. Element and attribute names are checked when the tree is built.
 */
public final class XmlWriter {
    private static final String INDENT = "  ";

    private XmlWriter() {
    }

    /** Renders {@code root} as an indented document without an XML declaration (what libvirt's APIs take). */
    public static String write(XmlElement root) {
        StringBuilder out = new StringBuilder(1024);
        writeElement(root, 0, out);
        return out.toString();
    }

    private static void writeElement(XmlElement element, int depth, StringBuilder out) {
        out.append(INDENT.repeat(depth)).append('<').append(element.name());
        for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
            out.append(' ').append(attribute.getKey()).append("=\"");
            escape(attribute.getValue(), true, out);
            out.append('"');
        }
        boolean hasText = element.text() != null && !element.text().isEmpty();
        if (element.children().isEmpty() && !hasText) {
            out.append("/>\n");
            return;
        }
        out.append('>');
        if (element.children().isEmpty()) {
            escape(element.text(), false, out);
        } else {
            // Mixed content: text first, then children. Only foreign metadata can carry this.
            if (hasText) {
                escape(element.text(), false, out);
            }
            out.append('\n');
            for (XmlElement child : element.children()) {
                writeElement(child, depth + 1, out);
            }
            out.append(INDENT.repeat(depth));
        }
        out.append("</").append(element.name()).append(">\n");
    }

    /** Appends {@code value} escaped for an attribute ({@code inAttribute}) or for element text. */
    static void escape(String value, boolean inAttribute, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append(inAttribute ? "&quot;" : "\""); break;
                case '\'': out.append(inAttribute ? "&apos;" : "'"); break;
                case '\t': out.append(inAttribute ? "&#9;" : "\t"); break;
                case '\n': out.append(inAttribute ? "&#10;" : "\n"); break;
                // A literal CR is normalised away by every parser; a reference keeps it.
                case '\r': out.append("&#13;"); break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (isXml10Char(c)) {
                        out.append(c);
                    } else {
                        throw new InvalidXmlCharacterException(String.format(
                                "character U+%04X at index %d cannot appear in XML 1.0: %s", (int) c, i,
                                abbreviate(value)));
                    }
            }
        }
    }

    private static boolean isXml10Char(char c) {
        return c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 60 ? printable.substring(0, 57) + "..." : printable;
    }
}
