package org.kvmstack.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalDaemonRoutesTest {

    @Test
    void parsesTheKernelRouteTableSkippingTheDefaultRoute() {
        String table = """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
                fab0\t0070CE0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
                virbr-lab\t0071CE0A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
                tun0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0
                """;
        assertThat(LocalDaemonRoutes.parse(table)).extracting(Object::toString)
                .containsExactly("10.206.112.0/24", "10.206.113.0/24", "10.0.0.0/8");
    }

    @Test
    void thePidFileOfALocalDaemonSitsBesideItsSocket() {
        assertThat(LocalDaemonRoutes.pidFile("qemu+unix:///system?socket=/var/lib/bed/h1/run/libvirt/libvirt-sock"))
                .contains(Path.of("/var/lib/bed/h1/run/libvirt/libvirtd.pid"));
        assertThat(LocalDaemonRoutes.pidFile("qemu:///system")).contains(Path.of("/run/libvirtd.pid"));
        assertThat(LocalDaemonRoutes.pidFile("qemu+tcp://10.0.0.2/system")).isEmpty();
        assertThat(LocalDaemonRoutes.pidFile("qemu+ssh://root@h/system")).isEmpty();
        assertThat(LocalDaemonRoutes.pidFile("test:///default")).isEmpty();
        assertThat(LocalDaemonRoutes.of("test:///default")).isEmpty();
    }
}
