package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>}. */
public record Rng(String model, String backendModel, String backendSource) {
    public Rng {
        Checks.requireNonBlank(model, "rng model");
        Checks.requireNonBlank(backendModel, "rng backend model");
    }

    public static Rng virtioUrandom() {
        return new Rng("virtio", "random", "/dev/urandom");
    }

    public XmlElement toXml() {
        return XmlElement.builder("rng").attr("model", model)
                .child(XmlElement.builder("backend").attr("model", backendModel).text(backendSource).build())
                .build();
    }

    public static Rng fromXml(XmlElement e) {
        XmlElement backend = e.requireChild("backend");
        String source = backend.text() == null || backend.text().isBlank() ? null : backend.text().trim();
        return new Rng(e.requireAttr("model"), backend.requireAttr("model"), source);
    }
}
