package org.kvmstack.cloud.host;

import java.net.URI;
import java.util.function.Supplier;
import org.kvmstack.virt.host.Capabilities;
import org.kvmstack.virt.validate.DomainType;
import org.kvmstack.virt.validate.DomainTypeVerdict;
import org.kvmstack.virt.validate.HostProbe;
import org.kvmstack.virt.validate.VirtualizationFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the libvirt domain type new servers on a host use: {@code kvm} when the host offers it and it
 * can really boot guests, else {@code qemu} (TCG).
 *
 * <p>For a host on this machine the decision is {@link DomainTypeVerdict#decide} over this machine's facts, the
 * very verdict {@code kvmstack host validate} prints, so the two never disagree (e.g. the paravirtual nested
 * {@code kvm_pvm} lists kvm in libvirt's capabilities but cannot boot stock guests). A remote host's files are
 * out of reach through libvirt, so it is trusted on its capabilities.
 */
final class DomainTypeChooser {
    private static final Logger LOG = LoggerFactory.getLogger(DomainTypeChooser.class);

    private final Supplier<DomainTypeVerdict> localVerdict;

    /** @param localVerdict this machine's verdict, asked only when a local host registers */
    DomainTypeChooser(Supplier<DomainTypeVerdict> localVerdict) {
        this.localVerdict = localVerdict;
    }

    static DomainTypeChooser forThisMachine() {
        return probing(HostProbe.local());
    }

    static DomainTypeChooser probing(HostProbe probe) {
        return new DomainTypeChooser(() -> DomainTypeVerdict.decide(VirtualizationFacts.read(probe)));
    }

    String choose(String uri, Capabilities capabilities) {
        String arch = capabilities.host().arch();
        if (capabilities.supports("hvm", arch, "kvm")) {
            if (!isLocal(uri)) {
                return "kvm";
            }
            DomainTypeVerdict verdict = localVerdict.get();
            if (verdict.domainType() == DomainType.KVM) {
                return "kvm";
            }
            LOG.warn("host {} offers kvm but its guests get qemu (TCG): {}", uri, verdict.summary());
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
