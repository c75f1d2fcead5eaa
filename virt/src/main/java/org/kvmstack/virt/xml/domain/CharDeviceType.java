package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.XmlEnum;

/** Source type of a serial, console or channel device. */
public enum CharDeviceType implements XmlEnum {
    PTY("pty"), FILE("file"), UNIX("unix"), TCP("tcp"), SPICEVMC("spicevmc");

    private final String xml;

    CharDeviceType(String xml) {
        this.xml = xml;
    }

    @Override
    public String xmlValue() {
        return xml;
    }
}
