package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.XmlEnum;

/** Source type of a serial, console or channel device. */
public enum CharDeviceType implements XmlEnum {
    PTY("pty"), FILE("file"), UNIX("unix"), TCP("tcp"), SPICEVMC("spicevmc"), NULL("null"), VC("vc"), DEV("dev"),
    PIPE("pipe"), STDIO("stdio"), UDP("udp"), SPICEPORT("spiceport"), NMDM("nmdm"), QEMU_VDAGENT("qemu-vdagent"),
    DBUS("dbus");

    private final String xml;

    CharDeviceType(String xml) {
        this.xml = xml;
    }

    @Override
    public String xmlValue() {
        return xml;
    }
}
