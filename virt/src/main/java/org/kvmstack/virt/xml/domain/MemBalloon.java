package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <memballoon model='virtio'><stats period='10'/></memballoon>}; model 'none' disables the balloon. */
public record MemBalloon(String model, Integer statsPeriodSeconds) {
    public MemBalloon {
        Checks.requireNonBlank(model, "memballoon model");
        Checks.requirePositive(statsPeriodSeconds, "memballoon stats period");
    }

    public XmlElement toXml() {
        return XmlElement.builder("memballoon").attr("model", model)
                .child(statsPeriodSeconds == null ? null
                        : XmlElement.builder("stats").attr("period", statsPeriodSeconds).build())
                .build();
    }

    public static MemBalloon fromXml(XmlElement e) {
        return new MemBalloon(e.requireAttr("model"), e.child("stats") == null ? null : e.child("stats").intAttr("period"));
    }
}
