package org.kvmstack.cloud.host;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmstack.virt.host.Capabilities;

/**
 * Chooses the libvirt domain type new servers on a host use: {@code kvm} when the host offers it and it
 * can really boot guests, else {@code qemu} (TCG). A local host whose KVM is the paravirtual nested
 * {@code kvm_pvm} module lists kvm in its capabilities but cannot boot stock guests (machine-facts.md),
 * so it gets {@code qemu}. Remote hosts are trusted on their capabilities.
 */
final class DomainTypeChooser {
    private final Path sysModule;

    DomainTypeChooser(Path sysModule) {
        this.sysModule = sysModule;
    }

    static DomainTypeChooser forThisMachine() {
        return new DomainTypeChooser(Path.of("/sys/module"));
    }

    String choose(String uri, Capabilities capabilities) {
        String arch = capabilities.host().arch();
        if (capabilities.supports("hvm", arch, "kvm") && !(isLocal(uri) && Files.exists(sysModule.resolve("kvm_pvm")))) {
            return "kvm";
        }
        if (capabilities.supports("hvm", arch, "qemu")) {
            return "qemu";
        }
        if (uri.startsWith("test:")) {
            return "test";
        }
        throw new IllegalStateException("host " + uri + " offers neither kvm nor qemu domains for hvm/" + arch);
    }

    /** True when the URI names no remote machine (qemu:///system, qemu+unix:///system?socket=...). */
    static boolean isLocal(String uri) {
        try {
            String host = URI.create(uri).getHost();
            return host == null || host.isEmpty() || host.equals("localhost");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
