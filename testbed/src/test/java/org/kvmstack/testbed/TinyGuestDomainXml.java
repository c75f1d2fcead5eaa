package org.kvmstack.testbed;

import java.io.StringWriter;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Domain XML for the project's tiny guest on a test-bed host: TCG ({@code type='qemu'}), BIOS boot from a
 * qcow2 virtio disk, one virtio NIC on the host's lab network, serial console on a pty logged to a file.
 * Written through the JDK's DOM writer, which escapes every value; it stands in for the virt module's domain
 * model until the test bed's tests can depend on it.
 *
 * @param name       domain name
 * @param uuid       domain UUID (the guest prints it in its READY line)
 * @param mac        the NIC's MAC address
 * @param disk       the qcow2 disk, as the host sees it
 * @param serialLog  where the host's virtlogd writes the serial console, as the host sees it
 */
record TinyGuestDomainXml(String name, String uuid, String mac, Path disk, Path serialLog) {
    String render() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Element domain = el(doc, doc, "domain");
        domain.setAttribute("type", "qemu");
        el(doc, domain, "name").setTextContent(name);
        el(doc, domain, "uuid").setTextContent(uuid);
        Element memory = el(doc, domain, "memory");
        memory.setAttribute("unit", "MiB");
        memory.setTextContent("256");
        el(doc, domain, "vcpu").setTextContent("1");
        Element os = el(doc, domain, "os");
        Element type = el(doc, os, "type");
        type.setAttribute("arch", "x86_64");
        type.setAttribute("machine", "pc");
        type.setTextContent("hvm");
        el(doc, os, "boot").setAttribute("dev", "hd");
        Element features = el(doc, domain, "features");
        el(doc, features, "acpi"); // without ACPI and APIC the guest kernel does not enumerate PCI (machine-facts)
        el(doc, features, "apic");
        Element devices = el(doc, domain, "devices");

        Element disk = el(doc, devices, "disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", "disk");
        Element driver = el(doc, disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", "qcow2");
        el(doc, disk, "source").setAttribute("file", this.disk.toString());
        Element target = el(doc, disk, "target");
        target.setAttribute("dev", "vda");
        target.setAttribute("bus", "virtio");

        Element nic = el(doc, devices, "interface");
        nic.setAttribute("type", "network");
        el(doc, nic, "mac").setAttribute("address", mac);
        el(doc, nic, "source").setAttribute("network", LabNetworkXml.NETWORK_NAME);
        el(doc, nic, "model").setAttribute("type", "virtio");

        Element serial = el(doc, devices, "serial");
        serial.setAttribute("type", "pty");
        Element log = el(doc, serial, "log");
        log.setAttribute("file", serialLog.toString());
        log.setAttribute("append", "on");
        el(doc, serial, "target").setAttribute("port", "0");
        Element console = el(doc, devices, "console");
        console.setAttribute("type", "pty");
        Element consoleTarget = el(doc, console, "target");
        consoleTarget.setAttribute("type", "serial");
        consoleTarget.setAttribute("port", "0");

        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }

    private static Element el(Document doc, Node parent, String tag) {
        Element e = doc.createElement(tag);
        parent.appendChild(e);
        return e;
    }
}
