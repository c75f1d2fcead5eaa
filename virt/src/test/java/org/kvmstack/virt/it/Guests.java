package org.kvmstack.virt.it;

import java.nio.file.Path;
import java.util.UUID;

/** Domain XML of a QEMU (TCG) guest that boots a kernel straight onto its serial console. */
final class Guests {
    private Guests() {
    }

    static String kernelOnly(String name, UUID uuid, Path kernel) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>128</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <cmdline>console=ttyS0 panic=0</cmdline>
                  </os>
                  <features><acpi/><apic/></features>
                  <on_reboot>destroy</on_reboot>
                  <devices>
                    <emulator>/usr/bin/qemu-system-x86_64</emulator>
                    <serial type='pty'><target port='0'/></serial>
                    <console type='pty'><target type='serial' port='0'/></console>
                  </devices>
                </domain>
                """.formatted(name, uuid, kernel);
    }

    /** A guest with {@link TestKernel#initramfs()}: DHCP on a libvirt network, then a shell on the console. */
    static String withNetwork(String name, UUID uuid, Path kernel, Path initrd, String network, String mac) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>128</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 panic=0 quiet</cmdline>
                  </os>
                  <features><acpi/><apic/></features>
                  <devices>
                    <emulator>/usr/bin/qemu-system-x86_64</emulator>
                    <interface type='network'>
                      <source network='%s'/>
                      <mac address='%s'/>
                      <model type='virtio'/>
                    </interface>
                    <serial type='pty'><target port='0'/></serial>
                    <console type='pty'><target type='serial' port='0'/></console>
                  </devices>
                </domain>
                """.formatted(name, uuid, kernel, initrd, network, mac);
    }
}
