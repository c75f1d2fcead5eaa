package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <timer name='rtc' tickpolicy='catchup' present='yes'/>}; tickpolicy and present are optional. */
public record Timer(String name, String tickpolicy, Boolean present) {
    public Timer {
        Checks.requireNonBlank(name, "timer name");
    }

    public XmlElement toXml() {
        return XmlElement.builder("timer").attr("name", name).attr("tickpolicy", tickpolicy)
                .yesNo("present", present).build();
    }

    public static Timer fromXml(XmlElement e) {
        return new Timer(e.requireAttr("name"), e.attr("tickpolicy"), e.boolAttr("present"));
    }
}
