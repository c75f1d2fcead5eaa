package org.kvmstack.virt.validate;

/** A device node that guests' networking needs (/dev/net/tun) or benefits from (/dev/vhost-net). */
final class DeviceNodeCheck implements HostCheck {
    private final String name;
    private final String device;
    private final CheckStatus whenMissing;
    private final String remedy;
    private final HostProbe probe;

    private DeviceNodeCheck(String name, String device, CheckStatus whenMissing, String remedy, HostProbe probe) {
        this.name = name;
        this.device = device;
        this.whenMissing = whenMissing;
        this.remedy = remedy;
        this.probe = probe;
    }

    static DeviceNodeCheck vhostNet(HostProbe probe) {
        return new DeviceNodeCheck("vhost-net", "/dev/vhost-net", CheckStatus.WARN,
                "load vhost_net (modprobe vhost_net); without it virtio-net runs in QEMU userspace, slower", probe);
    }

    static DeviceNodeCheck tun(HostProbe probe) {
        return new DeviceNodeCheck("tun", "/dev/net/tun", CheckStatus.FAIL,
                "load tun (modprobe tun); guests cannot have network interfaces without it", probe);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CheckResult run() {
        if (probe.exists(device)) {
            return CheckResult.pass(name, device + " present");
        }
        return new CheckResult(name, whenMissing, device + " is missing", remedy);
    }
}
