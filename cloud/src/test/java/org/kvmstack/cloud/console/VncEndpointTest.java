package org.kvmstack.cloud.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.xml.domain.VncGraphics;

class VncEndpointTest {
    private static VncGraphics listening(String address, int port) {
        return new VncGraphics(port, true, address, null, null);
    }

    @Test
    void aRemoteHostsLoopbackListenerIsUnreachable() {
        assertThat(VncEndpoint.reachable(URI.create("qemu+tcp://10.0.0.2/system"), listening("127.0.0.1", 5900))).isEmpty();
        assertThat(VncEndpoint.reachable(URI.create("qemu+tcp://10.0.0.2/system"), listening("::1", 5900))).isEmpty();
    }

    @Test
    void aWildcardListenerIsReachedAtTheHostOfTheUri() {
        assertThat(VncEndpoint.reachable(URI.create("qemu+tcp://10.0.0.2/system"), listening("0.0.0.0", 5901)))
                .contains(new VncEndpoint.HostPort("10.0.0.2", 5901));
    }

    @Test
    void aSpecificAddressIsUsedAsIs() {
        assertThat(VncEndpoint.reachable(URI.create("qemu+tls://h3/system"), listening("10.1.0.3", 5902)))
                .contains(new VncEndpoint.HostPort("10.1.0.3", 5902));
    }

    @Test
    void aLocalHostsLoopbackListenerIsReachable() {
        assertThat(VncEndpoint.reachable(URI.create("qemu:///system"), listening("127.0.0.1", 5900)))
                .contains(new VncEndpoint.HostPort("127.0.0.1", 5900));
    }

    @Test
    void aStoppedDomainOrUnixSocketHasNoTcpEndpoint() {
        assertThat(VncEndpoint.reachable(URI.create("qemu:///system"), VncGraphics.autoport("127.0.0.1"))).isEmpty();
        assertThat(VncEndpoint.reachable(URI.create("qemu:///system"), VncGraphics.unixSocket("/run/vnc.sock"))).isEmpty();
    }
}
