package org.kvmstack.virt.xml.domain;

import java.util.List;
import java.util.Set;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/**
 * {@code <os>}: guest type ({@code hvm}) with arch/machine, then either BIOS boot devices in order
 * ({@code <boot dev='hd'/>}) or direct kernel boot (kernel, initrd, cmdline). Per-device boot order
 * ({@code <boot order='1'/>} on a disk or interface) is the alternative libvirt offers; it lives on the device.
 */
public record Os(String type, String arch, String machine, List<String> bootDevices,
                 String kernel, String initrd, String cmdline) {
    private static final Set<String> BOOT_DEVICES = Set.of("hd", "cdrom", "network", "fd");

    public Os {
        Checks.requireNonBlank(type, "os type");
        bootDevices = Checks.copy(bootDevices);
        for (String device : bootDevices) {
            if (!BOOT_DEVICES.contains(device)) {
                throw new IllegalArgumentException("boot device must be one of " + BOOT_DEVICES + ", got '" + device + "'");
            }
        }
        if (kernel == null && (initrd != null || cmdline != null)) {
            throw new IllegalArgumentException("initrd and cmdline need a kernel for direct kernel boot");
        }
    }

    /** hvm guest booting from the given devices in order. */
    public static Os hvm(String arch, String machine, String... bootDevices) {
        return new Os("hvm", arch, machine, List.of(bootDevices), null, null, null);
    }

    /** hvm guest with direct kernel boot. */
    public static Os directKernel(String arch, String machine, String kernel, String initrd, String cmdline) {
        return new Os("hvm", arch, machine, List.of(), kernel, initrd, cmdline);
    }

    public XmlElement toXml() {
        return XmlElement.builder("os")
                .child(XmlElement.builder("type").attr("arch", arch).attr("machine", machine).text(type).build())
                .textChild("kernel", kernel).textChild("initrd", initrd).textChild("cmdline", cmdline)
                .children(bootDevices.stream().map(d -> XmlElement.builder("boot").attr("dev", d).build()).toList())
                .build();
    }

    public static Os fromXml(XmlElement e) {
        XmlElement type = e.requireChild("type");
        return new Os(type.text() == null ? null : type.text().trim(), type.attr("arch"), type.attr("machine"),
                e.mapChildren("boot", b -> b.requireAttr("dev")),
                e.childText("kernel"), e.childText("initrd"), e.childText("cmdline"));
    }
}
