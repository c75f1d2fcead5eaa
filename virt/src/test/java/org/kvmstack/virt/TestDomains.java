package org.kvmstack.virt;

import java.util.UUID;

/** Domain XML for libvirt's test driver; names are generated identifiers, never user input. */
final class TestDomains {
    private TestDomains() {
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String xml(String name, UUID uuid) {
        return """
                <domain type='test'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='KiB'>65536</memory>
                  <vcpu>2</vcpu>
                  <os><type>hvm</type></os>
                  <devices>
                    <interface type='network'><source network='default'/><mac address='52:54:00:aa:bb:01'/></interface>
                    <disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='vda' bus='virtio'/></disk>
                  </devices>
                </domain>
                """.formatted(name, uuid);
    }
}
