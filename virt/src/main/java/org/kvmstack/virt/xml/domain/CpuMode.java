package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.XmlEnum;

/** {@code <cpu mode=...>}. */
public enum CpuMode implements XmlEnum {
    HOST_PASSTHROUGH("host-passthrough"), HOST_MODEL("host-model"), CUSTOM("custom"), MAXIMUM("maximum");

    private final String xml;

    CpuMode(String xml) {
        this.xml = xml;
    }

    @Override
    public String xmlValue() {
        return xml;
    }
}
