package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <vcpu placement='static' current='1'>2</vcpu>}; placement and current are optional. */
public record Vcpu(int count, String placement, Integer current) {
    public Vcpu {
        Checks.requirePositive(count, "vcpu count");
        Checks.requirePositive(current, "current vcpu count");
        if (current != null && current > count) {
            throw new IllegalArgumentException("current vcpus " + current + " exceed maximum " + count);
        }
    }

    public static Vcpu of(int count) {
        return new Vcpu(count, null, null);
    }

    public XmlElement toXml() {
        return XmlElement.builder("vcpu").attr("placement", placement).attr("current", current)
                .text(Integer.toString(count)).build();
    }

    public static Vcpu fromXml(XmlElement element) {
        return new Vcpu(Math.toIntExact(element.requireLongText()), element.attr("placement"),
                element.intAttr("current"));
    }
}
