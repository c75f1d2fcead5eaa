package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <topology sockets='1' dies='1' cores='2' threads='1'/>}; dies is optional (libvirt defaults it to 1). */
public record CpuTopology(int sockets, Integer dies, int cores, int threads) {
    public CpuTopology {
        Checks.requirePositive(sockets, "topology sockets");
        Checks.requirePositive(dies, "topology dies");
        Checks.requirePositive(cores, "topology cores");
        Checks.requirePositive(threads, "topology threads");
    }

    /** Total vCPUs the topology describes (sockets x dies x cores x threads). */
    public int totalCpus() {
        return sockets * (dies == null ? 1 : dies) * cores * threads;
    }

    public XmlElement toXml() {
        return XmlElement.builder("topology").attr("sockets", sockets).attr("dies", dies).attr("cores", cores)
                .attr("threads", threads).build();
    }

    public static CpuTopology fromXml(XmlElement e) {
        return new CpuTopology(e.intAttr("sockets") == null ? 1 : e.intAttr("sockets"), e.intAttr("dies"),
                e.intAttr("cores") == null ? 1 : e.intAttr("cores"),
                e.intAttr("threads") == null ? 1 : e.intAttr("threads"));
    }
}
