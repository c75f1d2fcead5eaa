package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.XmlEnum;

/** The hypervisor driving the domain: {@code kvm}, {@code qemu} (TCG), or libvirt's {@code test} driver. */
public enum DomainType implements XmlEnum {
    KVM("kvm"), QEMU("qemu"), TEST("test");

    private final String xml;

    DomainType(String xml) {
        this.xml = xml;
    }

    @Override
    public String xmlValue() {
        return xml;
    }
}
