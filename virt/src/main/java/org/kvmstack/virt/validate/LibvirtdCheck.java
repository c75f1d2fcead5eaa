package org.kvmstack.virt.validate;

/** libvirtd answers at the URI kvmstack will use. */
final class LibvirtdCheck implements HostCheck {
    static final String NAME = "libvirtd";
    private final LibvirtdProbe libvirtd;
    private final String uri;

    LibvirtdCheck(LibvirtdProbe libvirtd, String uri) {
        this.libvirtd = libvirtd;
        this.uri = uri;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run() {
        try {
            LibvirtdVersions v = libvirtd.versions(uri);
            return CheckResult.pass(NAME, uri + ": " + v.hypervisor() + " " + v.hypervisorVersion() + ", libvirt "
                    + v.libvirtVersion());
        } catch (LibvirtdUnreachableException e) {
            return CheckResult.fail(NAME, uri + " unreachable: " + oneLine(e.getMessage()),
                    "start libvirtd (systemctl start libvirtd, or without systemd: virtlogd -d && libvirtd -d),"
                            + " or pass --connect URI of a running one");
        }
    }

    private static String oneLine(String message) {
        return message == null ? "no reason given" : message.replaceAll("\\s+", " ").strip();
    }
}
