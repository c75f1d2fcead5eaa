package org.kvmstack.virt.xml;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one parser: XML text to an {@link XmlElement} tree.
 *
 * <p>DOCTYPEs are refused (no external entities, no entity expansion: libvirt never emits them). Comments and
 * processing instructions are dropped; whitespace-only text between child elements is dropped; text of a leaf
 * element is kept exactly. The outermost element of each run of same-prefixed elements carries its namespace
 * declaration, so such a subtree (for instance foreign {@code <metadata>}) can be kept and written out alone.
 */
public final class XmlReader {
    private XmlReader() {
    }

    public static XmlElement parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new XmlParseException("empty XML document");
        }
        try {
            Element root = newBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
            return convert(root, null);
        } catch (SAXException | IOException e) {
            throw new XmlParseException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    // A new factory per parse: DocumentBuilderFactory is not documented as thread-safe, and parsing is not a hot path.
    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // Errors become exceptions (XmlParseException above); the default handler would also print them to stderr.
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // warnings (e.g. unusual but legal constructs) do not make a document unusable
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
    }

    private static XmlElement convert(Element element, String parentPrefix) {
        XmlElement.Builder builder = XmlElement.builder(element.getTagName());
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            builder.attr(attribute.getName(), attribute.getValue());
        }
        String prefix = element.getPrefix();
        if (prefix != null && !prefix.equals(parentPrefix) && element.getNamespaceURI() != null) {
            // The outermost element of a prefixed run declares its namespace itself, so the run can be kept
            // and written out on its own even when the declaration sat on an ancestor.
            String declaration = XMLConstants.XMLNS_ATTRIBUTE + ":" + prefix;
            if (element.getAttributeNode(declaration) == null) {
                builder.attr(declaration, element.getNamespaceURI());
            }
        }
        StringBuilder text = new StringBuilder();
        boolean hasChildElements = false;
        NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node.getNodeType() == Node.ELEMENT_NODE) {
                hasChildElements = true;
                builder.child(convert((Element) node, prefix));
            } else if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(node.getNodeValue());
            }
        }
        if (text.length() > 0 && !(hasChildElements && text.toString().isBlank())) {
            builder.text(hasChildElements ? text.toString().strip() : text.toString());
        }
        return builder.build();
    }
}
