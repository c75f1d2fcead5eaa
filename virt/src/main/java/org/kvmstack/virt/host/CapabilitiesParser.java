package org.kvmstack.virt.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Parses libvirt's capabilities XML into {@link Capabilities}. */
public final class CapabilitiesParser {
    private CapabilitiesParser() {
    }

    public static Capabilities parse(String xml) {
        Document doc = Xml.parse(xml);
        Xml x = new Xml();
        Element host = x.elements(doc, "/capabilities/host").get(0);

        Capabilities.CpuTopology topology = null;
        List<Element> topo = x.elements(host, "cpu/topology");
        if (!topo.isEmpty()) {
            Element t = topo.get(0);
            topology = new Capabilities.CpuTopology(intAttr(t, "sockets", 1), intAttr(t, "dies", 1),
                    intAttr(t, "cores", 1), intAttr(t, "threads", 1));
        }
        List<String> features = x.elements(host, "cpu/feature").stream().map(f -> Xml.attr(f, "name")).toList();

        List<Capabilities.NumaCell> cells = new ArrayList<>();
        for (Element cell : x.elements(host, "topology/cells/cell")) {
            List<Capabilities.Cpu> cpus = new ArrayList<>();
            for (Element cpu : x.elements(cell, "cpus/cpu")) {
                cpus.add(new Capabilities.Cpu(intAttr(cpu, "id", -1), intAttr(cpu, "socket_id", -1),
                        intAttr(cpu, "core_id", -1), CpuList.parse(Xml.attr(cpu, "siblings"))));
            }
            Map<Integer, Integer> distances = new TreeMap<>();
            for (Element sibling : x.elements(cell, "distances/sibling")) {
                distances.put(intAttr(sibling, "id", -1), intAttr(sibling, "value", -1));
            }
            List<Element> memory = x.elements(cell, "memory");
            cells.add(new Capabilities.NumaCell(intAttr(cell, "id", -1),
                    memory.isEmpty() ? 0 : Xml.kib(memory.get(0)), List.copyOf(cpus), Map.copyOf(distances)));
        }

        List<Capabilities.Guest> guests = new ArrayList<>();
        for (Element guest : x.elements(doc, "/capabilities/guest")) {
            Element arch = x.elements(guest, "arch").get(0);
            List<Capabilities.Machine> machines = new ArrayList<>();
            for (Element m : x.elements(arch, "machine")) {
                machines.add(new Capabilities.Machine(m.getTextContent().trim(), Xml.attr(m, "canonical"),
                        intAttr(m, "maxCpus", 0)));
            }
            List<Capabilities.GuestDomain> domains = new ArrayList<>();
            for (Element d : x.elements(arch, "domain")) {
                domains.add(new Capabilities.GuestDomain(Xml.attr(d, "type"), x.text(d, "emulator")));
            }
            guests.add(new Capabilities.Guest(x.text(guest, "os_type"), Xml.attr(arch, "name"),
                    x.integer(arch, "wordsize", 0), x.text(arch, "emulator"), List.copyOf(machines),
                    List.copyOf(domains)));
        }

        return new Capabilities(new Capabilities.Host(x.text(host, "uuid"), x.text(host, "cpu/arch"),
                x.text(host, "cpu/model"), x.text(host, "cpu/vendor"), topology, features, List.copyOf(cells)),
                List.copyOf(guests));
    }

    private static int intAttr(Element e, String name, int fallback) {
        String v = Xml.attr(e, name);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
