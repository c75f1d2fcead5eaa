package org.kvmstack.virt.xml.network;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlEnum;

/** {@code <forward mode='nat' dev='eth0'/>}: how traffic leaves the network; dev optional. */
public record Forward(ForwardMode mode, String dev) {
    public Forward {
        Checks.requireNonNull(mode, "forward mode");
        if (dev != null && dev.isBlank()) {
            throw new IllegalArgumentException("forward dev must not be blank when given");
        }
    }

    public static Forward of(ForwardMode mode) {
        return new Forward(mode, null);
    }

    public XmlElement toXml() {
        return XmlElement.builder("forward").attr("mode", mode.xmlValue()).attr("dev", dev).build();
    }

    public static Forward fromXml(XmlElement e) {
        String mode = e.attr("mode");
        // libvirt: a forward element without mode means nat.
        return new Forward(XmlEnum.fromXml(ForwardMode.class, mode == null ? "nat" : mode, "forward mode"), e.attr("dev"));
    }
}
