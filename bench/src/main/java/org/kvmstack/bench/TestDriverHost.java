package org.kvmstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlWriter;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.DomainType;
import org.kvmstack.virt.xml.domain.Os;

/**
 * A simulated host for libvirt's test driver ({@code test:///<file>}): a {@code <node>} of the given size that
 * already runs the given domains, so a controller connecting to it finds its servers' domains where it expects
 * them (the reconciler would otherwise put them in ERROR). Rendered by virt's escaping XML writer.
 */
public final class TestDriverHost {
    private final int cpus;
    private final long memoryKib;
    private final List<UUID> domains;
    private final long domainMemoryKib;

    public TestDriverHost(int cpus, long memoryKib, List<UUID> domains, long domainMemoryKib) {
        this.cpus = cpus;
        this.memoryKib = memoryKib;
        this.domains = List.copyOf(domains);
        this.domainMemoryKib = domainMemoryKib;
    }

    /** Writes the node file and returns the URI that opens it. */
    public String write(Path file) throws IOException {
        Files.writeString(file, render());
        return "test://" + file.toAbsolutePath();
    }

    String render() {
        List<XmlElement> children = new ArrayList<>();
        children.add(XmlElement.builder("cpu")
                .textChild("nodes", 1).textChild("sockets", 1).textChild("cores", cpus).textChild("threads", 1)
                .textChild("active", cpus).textChild("mhz", 2600).textChild("model", "x86_64").build());
        children.add(XmlElement.ofText("memory", Long.toString(memoryKib)));
        for (UUID id : domains) {
            children.add(Domain.builder().type(DomainType.TEST).name(domainName(id)).uuid(id)
                    .memoryKib(domainMemoryKib).vcpus(1).os(Os.hvm("x86_64", "pc", "hd")).build().toXml());
        }
        return XmlWriter.write(XmlElement.builder("node").children(children).build());
    }

    /** kvmstack's domain name for a server (cloud.host.HostLayout.domainName). */
    static String domainName(UUID id) {
        return org.kvmstack.cloud.host.HostLayout.domainName(id);
    }
}
