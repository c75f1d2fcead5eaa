package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.Sizes;
import org.kvmstack.virt.xml.XmlElement;

/** A guest NUMA cell: {@code <cell id='0' cpus='0-1' memory='524288' unit='KiB'/>}; cpus is a libvirt cpuset. */
public record NumaCell(Integer id, String cpus, long memoryKib) {
    public NumaCell {
        Checks.requireNonNegative(id, "NUMA cell id");
        Checks.requirePositive(memoryKib, "NUMA cell memory");
        if (cpus != null && !cpus.matches("[0-9,^ -]+")) {
            throw new IllegalArgumentException("NUMA cell cpus must be a cpuset like 0-3,^2, got '" + cpus + "'");
        }
    }

    public XmlElement toXml() {
        return XmlElement.builder("cell").attr("id", id).attr("cpus", cpus).attr("memory", memoryKib)
                .attr("unit", "KiB").build();
    }

    public static NumaCell fromXml(XmlElement e) {
        long kib = Sizes.toBytes(Long.parseLong(e.requireAttr("memory")), e.attr("unit"), "KiB") / 1024;
        return new NumaCell(e.intAttr("id"), e.attr("cpus"), kib);
    }
}
