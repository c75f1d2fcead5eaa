package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <controller type='scsi' index='0' model='virtio-scsi'/>}; index and model optional. */
public record Controller(String type, Integer index, String model) {
    public Controller {
        Checks.requireNonBlank(type, "controller type");
        Checks.requireNonNegative(index, "controller index");
    }

    public static Controller virtioScsi(int index) {
        return new Controller("scsi", index, "virtio-scsi");
    }

    public static Controller usb(int index, String model) {
        return new Controller("usb", index, model);
    }

    public XmlElement toXml() {
        return XmlElement.builder("controller").attr("type", type).attr("index", index).attr("model", model).build();
    }

    public static Controller fromXml(XmlElement e) {
        return new Controller(e.requireAttr("type"), e.intAttr("index"), e.attr("model"));
    }
}
