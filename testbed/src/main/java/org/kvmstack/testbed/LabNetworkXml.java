package org.kvmstack.testbed;

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

/**
 * The libvirt network a test-bed host gives its guests: isolated (no forward element, so guest traffic
 * cannot leave the host's namespace), with DHCP. Rendered through the JDK's DOM writer, which escapes
 * every value. The virt module's network model replaces this once it exists; the test bed only needs
 * this one shape and must not depend on the cloud's policy.
 */
final class LabNetworkXml {
    /** Every host's guest network has this name, so that a domain migrates between hosts unchanged. */
    static final String NETWORK_NAME = "lab";
    static final String BRIDGE_NAME = "virbr-lab";

    private LabNetworkXml() {
    }

    static String render(Ipv4Prefix subnet) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element network = child(doc, doc, "network");
            child(doc, network, "name").setTextContent(NETWORK_NAME);
            Element bridge = child(doc, network, "bridge");
            bridge.setAttribute("name", BRIDGE_NAME);
            bridge.setAttribute("stp", "off");
            Element ip = child(doc, network, "ip");
            ip.setAttribute("address", subnet.address(1));
            ip.setAttribute("netmask", subnet.netmask());
            Element range = child(doc, child(doc, ip, "dhcp"), "range");
            range.setAttribute("start", subnet.address(100));
            range.setAttribute("end", subnet.address(199));
            return write(doc);
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML writer is unavailable", e);
        }
    }

    private static Element child(Document doc, org.w3c.dom.Node parent, String name) {
        Element element = doc.createElement(name);
        parent.appendChild(element);
        return element;
    }

    private static String write(Document doc) throws TransformerException {
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }
}
