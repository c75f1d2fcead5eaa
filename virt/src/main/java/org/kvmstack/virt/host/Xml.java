package org.kvmstack.virt.host;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reading libvirt's XML with the JDK's DOM and XPath: doctypes refused, missing values are null or defaults. */
final class Xml {
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("libvirt returned XML we cannot parse: " + e.getMessage(), e);
        }
    }

    /** Text of the first match, trimmed, or null when nothing matches or it is empty. */
    String text(Node context, String expression) {
        try {
            Node n = (Node) xpath.evaluate(expression, context, XPathConstants.NODE);
            if (n == null) {
                return null;
            }
            String s = n.getTextContent().trim();
            return s.isEmpty() ? null : s;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad XPath " + expression, e);
        }
    }

    int integer(Node context, String expression, int fallback) {
        String s = text(context, expression);
        return s == null ? fallback : Integer.parseInt(s);
    }

    long number(Node context, String expression, long fallback) {
        String s = text(context, expression);
        return s == null ? fallback : Long.parseLong(s);
    }

    List<Element> elements(Node context, String expression) {
        try {
            NodeList nodes = (NodeList) xpath.evaluate(expression, context, XPathConstants.NODESET);
            List<Element> out = new ArrayList<>(nodes.getLength());
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add((Element) nodes.item(i));
            }
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad XPath " + expression, e);
        }
    }

    /** The attribute, or null when absent or empty (DOM returns "" for absent attributes). */
    static String attr(Element e, String name) {
        String v = e.getAttribute(name);
        return v.isEmpty() ? null : v;
    }

    /** Memory values with a libvirt {@code unit} attribute, in KiB (libvirt's default unit). */
    static long kib(Element e) {
        long value = Long.parseLong(e.getTextContent().trim());
        String unit = attr(e, "unit");
        if (unit == null) {
            return value;
        }
        return switch (unit) {
            case "b", "bytes" -> value / 1024;
            case "KiB", "k", "K" -> value;
            case "MiB", "M" -> value * 1024;
            case "GiB", "G" -> value * 1024 * 1024;
            case "KB" -> value * 1000 / 1024;
            case "MB" -> value * 1_000_000 / 1024;
            case "GB" -> value * 1_000_000_000 / 1024;
            default -> throw new IllegalArgumentException("unknown memory unit " + unit);
        };
    }
}
