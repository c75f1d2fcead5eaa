package org.kvmstack.virt.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.kvmstack.virt.DomainInfo;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.DomainSummary;
import org.kvmstack.virt.Domains;
import org.kvmstack.virt.InterfaceAddresses;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.XmlFlag;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What {@code virsh dumpxml / domiflist / domblklist / dominfo / domifaddr} show for one domain, as records.
 * Reads the live XML of running domains and the persistent XML of stopped ones.
 */
public final class DomainInspector {
    private final VirtConnection conn;

    public DomainInspector(VirtConnection conn) {
        this.conn = conn;
    }

    /**
     * One line of {@code domiflist}.
     *
     * @param target host-side device (e.g. "vnet0"), null while the domain is stopped
     * @param source network name, bridge or host device, null when none
     */
    public record InterfaceRow(String target, String type, String source, String model, String mac) {
    }

    /**
     * One line of {@code domblklist}.
     *
     * @param source file path, block device, volume ("pool/volume") or network name; null for an empty CD-ROM
     */
    public record DiskRow(String target, String device, String source) {
    }

    /** What {@code dominfo} shows. */
    public record Overview(int id, String name, UUID uuid, String osType, DomainState state, int vcpus,
                           long cpuTimeNanos, long maxMemoryKiB, long usedMemoryKiB, boolean persistent,
                           boolean autostart) {
    }

    /** {@code dumpxml}: the live XML (or the persistent one with {@code inactive}), secrets included if asked. */
    public String dumpXml(DomainRef ref, boolean inactive, boolean secure) {
        Set<XmlFlag> flags = inactive && secure ? Set.of(XmlFlag.INACTIVE, XmlFlag.SECURE)
                : inactive ? Set.of(XmlFlag.INACTIVE) : secure ? Set.of(XmlFlag.SECURE) : Set.of();
        return conn.domains().xml(ref, flags);
    }

    public List<InterfaceRow> interfaces(DomainRef ref) {
        return interfacesOf(conn.domains().xml(ref, Set.of()));
    }

    public List<DiskRow> disks(DomainRef ref) {
        return disksOf(conn.domains().xml(ref, Set.of()));
    }

    public Overview overview(DomainRef ref) {
        Domains domains = conn.domains();
        DomainSummary s = domains.get(ref);
        DomainInfo info = domains.info(ref);
        return new Overview(s.id(), s.name(), s.uuid(), domains.osType(ref), info.state(), info.vcpus(),
                info.cpuTimeNanos(), info.maxMemoryKiB(), info.memoryKiB(), s.persistent(), domains.autostart(ref));
    }

    /** {@code domifaddr}: addresses from libvirt's DHCP leases (or the guest agent / ARP table). */
    public List<InterfaceAddresses> addresses(DomainRef ref, Domains.AddressSource source) {
        return conn.domains().interfaceAddresses(ref, source);
    }

    static List<InterfaceRow> interfacesOf(String domainXml) {
        Document doc = Xml.parse(domainXml);
        Xml x = new Xml();
        List<InterfaceRow> rows = new ArrayList<>();
        for (Element nic : x.elements(doc, "/domain/devices/interface")) {
            String type = Xml.attr(nic, "type");
            List<Element> sources = x.elements(nic, "source");
            String source = null;
            if (!sources.isEmpty()) {
                Element s = sources.get(0);
                for (String attribute : List.of("network", "bridge", "dev", "path", "address")) {
                    if (Xml.attr(s, attribute) != null) {
                        source = Xml.attr(s, attribute);
                        break;
                    }
                }
            }
            rows.add(new InterfaceRow(attrOf(x, nic, "target", "dev"), type, source,
                    attrOf(x, nic, "model", "type"), attrOf(x, nic, "mac", "address")));
        }
        return List.copyOf(rows);
    }

    static List<DiskRow> disksOf(String domainXml) {
        Document doc = Xml.parse(domainXml);
        Xml x = new Xml();
        List<DiskRow> rows = new ArrayList<>();
        for (Element disk : x.elements(doc, "/domain/devices/disk")) {
            String source = null;
            List<Element> sources = x.elements(disk, "source");
            if (!sources.isEmpty()) {
                Element s = sources.get(0);
                if (Xml.attr(s, "pool") != null) {
                    source = Xml.attr(s, "pool") + "/" + Xml.attr(s, "volume");
                } else {
                    for (String attribute : List.of("file", "dev", "name", "dir")) {
                        if (Xml.attr(s, attribute) != null) {
                            source = Xml.attr(s, attribute);
                            break;
                        }
                    }
                }
            }
            rows.add(new DiskRow(attrOf(x, disk, "target", "dev"), Xml.attr(disk, "device"), source));
        }
        return List.copyOf(rows);
    }

    private static String attrOf(Xml x, Element parent, String child, String attribute) {
        List<Element> e = x.elements(parent, child);
        return e.isEmpty() ? null : Xml.attr(e.get(0), attribute);
    }
}
