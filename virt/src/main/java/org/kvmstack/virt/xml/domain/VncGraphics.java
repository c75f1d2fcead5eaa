package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/**
 * {@code <graphics type='vnc'>} listening either on a TCP address ({@code listenAddress}, with a fixed
 * {@code port} or {@code autoport}) or on a UNIX {@code socket}, optionally with a password. A running domain
 * reports the port it was given. libvirt only shows {@code passwd} with the secure-info flag.
 */
public record VncGraphics(Integer port, Boolean autoport, String listenAddress, String socket, String passwd) {
    public VncGraphics {
        if (listenAddress != null && socket != null) {
            throw new IllegalArgumentException("VNC listens on an address or on a socket, not both");
        }
        if (port != null && port != -1 && (port < 5900 || port > 65535)) {
            throw new IllegalArgumentException("VNC port must be -1 (auto) or 5900..65535, got " + port);
        }
        if (socket != null) {
            Checks.requireNonBlank(socket, "VNC socket path");
        }
    }

    public static VncGraphics autoport(String listenAddress) {
        return new VncGraphics(-1, true, listenAddress, null, null);
    }

    public static VncGraphics unixSocket(String socket) {
        return new VncGraphics(null, null, null, socket, null);
    }

    public VncGraphics withPasswd(String password) {
        return new VncGraphics(port, autoport, listenAddress, socket, password);
    }

    public XmlElement toXml() {
        XmlElement.Builder b = XmlElement.builder("graphics").attr("type", "vnc").attr("port", port)
                .yesNo("autoport", autoport).attr("listen", listenAddress).attr("passwd", passwd);
        if (listenAddress != null) {
            b.child(XmlElement.builder("listen").attr("type", "address").attr("address", listenAddress).build());
        } else if (socket != null) {
            b.child(XmlElement.builder("listen").attr("type", "socket").attr("socket", socket).build());
        }
        return b.build();
    }

    public static VncGraphics fromXml(XmlElement e) {
        String address = e.attr("listen");
        String socket = e.attr("socket");
        XmlElement listen = e.child("listen");
        if (listen != null && "address".equals(listen.attr("type")) && address == null) {
            address = listen.attr("address");
        } else if (listen != null && "socket".equals(listen.attr("type"))) {
            socket = listen.attr("socket");
        }
        return new VncGraphics(e.intAttr("port"), e.boolAttr("autoport"), address, socket, e.attr("passwd"));
    }
}
