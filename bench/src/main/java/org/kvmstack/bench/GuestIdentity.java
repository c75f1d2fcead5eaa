package org.kvmstack.bench;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.kvmstack.virt.xml.MacAddress;

/**
 * What makes one raw-libvirt guest distinct from its siblings: name, UUID, MAC and the paths of its own files
 * (paths as the libvirt host sees them).
 */
public record GuestIdentity(String name, UUID uuid, MacAddress mac, String diskPath, String consoleLogPath) {
    public GuestIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(diskPath, "diskPath");
        Objects.requireNonNull(consoleLogPath, "consoleLogPath");
    }

    /**
     * A fresh identity whose files live in {@code dirInHost}. The MAC is locally administered under libvirt's
     * 52:54:00 prefix with a random tail, so it cannot collide with a MAC kvmstack or libvirt picked in practice.
     */
    public static GuestIdentity fresh(String prefix, int index, String dirInHost) {
        UUID uuid = UUID.randomUUID();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        MacAddress mac = MacAddress.of(String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x",
                random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        String name = prefix + "-" + index + "-" + uuid.toString().substring(0, 8);
        return new GuestIdentity(name, uuid, mac, dirInHost + "/" + name + ".qcow2", dirInHost + "/" + name + ".log");
    }
}
