package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlEnum;

/**
 * A character device: {@code <serial>}, {@code <console>} or {@code <channel>} (the element name is
 * {@code kind}). {@code sourcePath} is the file or socket path, or for a pty the device a running domain was
 * given (/dev/pts/N); {@code sourceMode} is {@code bind}/{@code connect} for unix sockets. The target names the
 * guest side: type (isa-serial, serial, virtio), port, or the channel name (org.qemu.guest_agent.0).
 * {@code log}, when present, is a file on the host that receives a copy of the guest's output (null: none).
 */
public record CharDevice(String kind, CharDeviceType type, String sourcePath, String sourceMode,
                         String targetType, Integer targetPort, String targetName, CharDeviceLog log) {
    /** A character device without a log file. */
    public CharDevice(String kind, CharDeviceType type, String sourcePath, String sourceMode,
                      String targetType, Integer targetPort, String targetName) {
        this(kind, type, sourcePath, sourceMode, targetType, targetPort, targetName, null);
    }

    public CharDevice {
        if (!"serial".equals(kind) && !"console".equals(kind) && !"channel".equals(kind)) {
            throw new IllegalArgumentException("character device kind must be serial, console or channel, got " + kind);
        }
        Checks.requireNonNull(type, kind + " type");
        Checks.requireNonNegative(targetPort, kind + " target port");
        if ((type == CharDeviceType.FILE || type == CharDeviceType.UNIX) && sourcePath == null
                && !"channel".equals(kind)) {
            throw new IllegalArgumentException(kind + " of type " + type.xmlValue() + " needs a source path");
        }
    }

    public static CharDevice ptySerial(int port) {
        return new CharDevice("serial", CharDeviceType.PTY, null, null, "isa-serial", port, null);
    }

    public static CharDevice ptyConsole(int port) {
        return new CharDevice("console", CharDeviceType.PTY, null, null, "serial", port, null);
    }

    /**
     * An interactive serial port (a pty, what {@code virDomainOpenConsole} attaches to) whose output is also
     * appended to {@code logFile} on the host.
     */
    public static CharDevice loggedPtySerial(int port, String logFile) {
        return new CharDevice("serial", CharDeviceType.PTY, null, null, "isa-serial", port, null,
                CharDeviceLog.appending(logFile));
    }

    /** This device with {@code log} as its log file (null removes it). */
    public CharDevice withLog(CharDeviceLog newLog) {
        return new CharDevice(kind, type, sourcePath, sourceMode, targetType, targetPort, targetName, newLog);
    }

    public static CharDevice fileSerial(String path, int port) {
        return new CharDevice("serial", CharDeviceType.FILE, path, null, "isa-serial", port, null);
    }

    public static CharDevice unixSerial(String path, int port) {
        return new CharDevice("serial", CharDeviceType.UNIX, path, "bind", "isa-serial", port, null);
    }

    /** The guest agent channel on a UNIX socket chosen by libvirt. */
    public static CharDevice guestAgentChannel() {
        return new CharDevice("channel", CharDeviceType.UNIX, null, "bind", "virtio", null, "org.qemu.guest_agent.0");
    }

    public XmlElement toXml() {
        XmlElement.Builder source = XmlElement.builder("source").attr("mode", sourceMode).attr("path", sourcePath);
        // libvirt writes tty= for a started pty; we omit it (it is output only) and keep the path in <source>.
        return XmlElement.builder(kind).attr("type", type.xmlValue())
                .child(source.isEmpty() ? null : source.build())
                .child(XmlElement.builder("target").attr("type", targetType).attr("port", targetPort)
                        .attr("name", targetName).build())
                .child(log == null ? null : log.toXml())
                .build();
    }

    public static CharDevice fromXml(XmlElement e) {
        XmlElement target = e.child("target");
        String path = e.childAttr("source", "path");
        if (path == null) {
            path = e.attr("tty");
        }
        return new CharDevice(e.name(), XmlEnum.fromXml(CharDeviceType.class, e.requireAttr("type"), e.name() + " type"),
                path, e.childAttr("source", "mode"),
                target == null ? null : target.attr("type"), target == null ? null : target.intAttr("port"),
                target == null ? null : target.attr("name"), e.mapChild("log", CharDeviceLog::fromXml));
    }
}
