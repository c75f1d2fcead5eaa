package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <feature policy='require' name='x2apic'/>} inside {@code <cpu>}. */
public record CpuFeature(String policy, String name) {
    public CpuFeature {
        Checks.requireNonBlank(name, "CPU feature name");
    }

    public XmlElement toXml() {
        return XmlElement.builder("feature").attr("policy", policy).attr("name", name).build();
    }

    public static CpuFeature fromXml(XmlElement e) {
        return new CpuFeature(e.attr("policy"), e.requireAttr("name"));
    }
}
