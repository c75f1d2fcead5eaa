package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <video><model type='virtio' vram='16384' heads='1'/></video>}; vram (KiB) and heads optional. */
public record Video(String model, Integer vramKib, Integer heads) {
    public Video {
        Checks.requireNonBlank(model, "video model");
        Checks.requirePositive(vramKib, "video vram");
        Checks.requirePositive(heads, "video heads");
    }

    public static Video of(String model) {
        return new Video(model, null, null);
    }

    public XmlElement toXml() {
        return XmlElement.builder("video").child(XmlElement.builder("model").attr("type", model)
                .attr("vram", vramKib).attr("heads", heads).build()).build();
    }

    public static Video fromXml(XmlElement e) {
        XmlElement model = e.requireChild("model");
        return new Video(model.requireAttr("type"), model.intAttr("vram"), model.intAttr("heads"));
    }
}
