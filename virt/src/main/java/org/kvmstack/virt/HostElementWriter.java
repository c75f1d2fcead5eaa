package org.kvmstack.virt;

import java.io.StringWriter;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Renders the {@code <host>} element of a DHCP reservation through the JDK's DOM writer, which escapes values. */
final class HostElementWriter {
    private HostElementWriter() {
    }

    static String render(DhcpHostEntry entry) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element host = doc.createElement("host");
            host.setAttribute("mac", entry.mac());
            if (entry.name() != null) {
                host.setAttribute("name", entry.name());
            }
            host.setAttribute("ip", entry.ip());
            doc.appendChild(host);
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK XML writer is unavailable", e);
        }
    }
}
