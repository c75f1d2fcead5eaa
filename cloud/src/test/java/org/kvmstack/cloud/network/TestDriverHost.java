package org.kvmstack.cloud.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.kvmstack.cloud.host.Host;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlWriter;
import org.kvmstack.virt.xml.network.Network;

/**
 * A simulated host on libvirt's test driver ({@code test:///<file>}): its own state per file, holding the
 * networks given, so a test sees exactly the host it describes. The file is deleted on close.
 */
final class TestDriverHost implements AutoCloseable {
    private final Path file;
    private final Host host;
    private final VirtConnection conn;

    private TestDriverHost(Path file, Host host, VirtConnection conn) {
        this.file = file;
        this.host = host;
        this.conn = conn;
    }

    static TestDriverHost withNetworks(Network... networks) throws IOException {
        XmlElement cpu = XmlElement.builder("cpu").textChild("mhz", 2000).textChild("model", "x86_64")
                .textChild("active", 2).textChild("nodes", 1).textChild("sockets", 1).textChild("cores", 2)
                .textChild("threads", 1).build();
        XmlElement node = XmlElement.builder("node").child(cpu).textChild("memory", 4194304)
                .children(List.of(networks).stream().map(Network::toXml).toList()).build();
        Path file = Files.createTempFile("network-test-host-", ".xml");
        Files.writeString(file, XmlWriter.write(node), StandardCharsets.UTF_8);
        String id = UUID.randomUUID().toString();
        String uri = "test://" + file;
        return new TestDriverHost(file, new Host(id, "host-" + id.substring(0, 8), uri), VirtConnection.open(uri));
    }

    Host host() {
        return host;
    }

    VirtConnection conn() {
        return conn;
    }

    @Override
    public void close() throws IOException {
        conn.close();
        Files.deleteIfExists(file);
    }
}
