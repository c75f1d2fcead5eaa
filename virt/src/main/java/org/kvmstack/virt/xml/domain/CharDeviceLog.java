package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/**
 * {@code <log file='…' append='on|off'/>} inside a character device: libvirt (≥ 1.3.3, through virtlogd) copies
 * everything the guest writes to the device into the file while the device itself stays e.g. an interactive pty.
 *
 * @param file   absolute path of the log file on the host
 * @param append {@code true} keeps the file across domain starts, {@code false} truncates it; null leaves
 *               libvirt's default (truncate)
 */
public record CharDeviceLog(String file, Boolean append) {
    public CharDeviceLog {
        Checks.requireNonNull(file, "log file");
    }

    /** A log that keeps growing across starts (what a console log should do: a reboot must not lose the boot). */
    public static CharDeviceLog appending(String file) {
        return new CharDeviceLog(file, Boolean.TRUE);
    }

    public XmlElement toXml() {
        return XmlElement.builder("log").attr("file", file).onOff("append", append).build();
    }

    public static CharDeviceLog fromXml(XmlElement e) {
        return new CharDeviceLog(e.requireAttr("file"), e.boolAttr("append"));
    }
}
