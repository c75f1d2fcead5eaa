package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.passwordAuth;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.console.ConsoleTarget;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.cloud.testing.MutableClock;
import org.kvmstack.testbed.LabHost;
import org.kvmstack.testbed.TestBed;
import org.kvmstack.testbed.TestBedConfig;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.MacAddress;
import org.kvmstack.virt.xml.domain.CharDevice;
import org.kvmstack.virt.xml.domain.Devices;
import org.kvmstack.virt.xml.domain.Disk;
import org.kvmstack.virt.xml.domain.DiskBus;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.DomainType;
import org.kvmstack.virt.xml.domain.Features;
import org.kvmstack.virt.xml.domain.NetInterface;
import org.kvmstack.virt.xml.domain.Os;
import org.kvmstack.virt.xml.domain.VncGraphics;

/**
 * The console proxy end to end: the real controller (consoles resolving one instance to a domain of this test), a
 * test-bed libvirtd in its own namespaces reached over its UNIX socket, and the project's tiny guest under QEMU
 * (TCG) with a serial pty and VNC on the host's loopback. A websocket client types a command on the serial console
 * and reads its answer, and completes the RFB handshake up to ServerInit through the VNC websocket (the VNC server is
 * reached by virDomainOpenGraphicsFD, since it only listens inside the host's namespace); reused and expired tokens
 * and a foreign Origin are refused; stopping the domain closes the open console websockets (close 1000).
 */
class ConsoleProxyIT {
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(150);

    @TempDir
    Path dataDir;

    @BeforeAll
    static void removeBedsOfDeadRuns() {
        TestBed.cleanupStale(TestBedConfig.defaultStateRoot());
    }

    @Test
    void serialAndVncConsolesThroughTheWebsocketProxy() throws Exception {
        Optional<Path> image = guestDisk();
        assumeTrue(image.isPresent(), "no tiny guest image: set KVMSTACK_GUEST_DIR or add guest/build-image.sh");
        MutableClock clock = new MutableClock(Instant.now());
        UUID instance = UUID.randomUUID();
        String[] project = new String[1];

        try (TestBed bed = TestBed.start(TestBedConfig.hosts(1));
             VirtConnection host = VirtConnection.open(bed.host(1).localUri());
             Controller controller = Controller.start(TestControllers.config(dataDir), clock, PasswordHasher.bcrypt(4),
                     (id, projectId) -> id.equals(instance) && projectId.equals(project[0])
                             ? Optional.of(new ConsoleTarget(host, id)) : Optional.empty())) {
            LabHost h1 = bed.host(1);
            Path disk = bed.sharedStorage().resolve("console-vm.qcow2");
            Path base = bed.sharedStorage().resolve("base.qcow2");
            Files.copy(image.get(), base);
            h1.exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(),
                    disk.toString())).orThrow();
            host.domains().define(guest(instance, disk, h1.guestNetworkName()).render());

            int port = controller.port();
            String origin = "http://127.0.0.1:" + port;
            HttpResponse<String> auth = send(request(port, "/identity/v3/auth/tokens")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            passwordAuth("admin", controller.generatedAdminPassword().orElseThrow(), "admin"))));
            String token = auth.headers().firstValue("X-Subject-Token").orElseThrow();
            project[0] = json(auth).at("/token/project/id").asText();

            // --- serial: connect while the guest is paused, so that nothing it prints is missed
            host.domains().startPaused(DomainRef.of(instance));
            String serialUrl = consoleUrl(port, token, instance, "serial", "serial");
            try (TestWebSocket serial = TestWebSocket.connect(URI.create(serialUrl), origin, null)) {
                host.domains().resume(DomainRef.of(instance));
                String boot = serial.awaitText("KVMSTACK-GUEST-READY ", BOOT_LIMIT);
                assertThat(boot).as("guest READY line through the proxy").contains("KVMSTACK-GUEST-READY ");
                String answer = "";
                for (int attempt = 0; attempt < 5 && !answer.contains("KS42"); attempt++) {
                    serial.sendText("echo KS$((40+2))\n"); // text frames are input too
                    answer = serial.awaitText("KS42", Duration.ofSeconds(15));
                }
                assertThat(answer).as("the shell's answer").contains("KS42");
            }
            // The token was used: a second connection with it is refused before the upgrade.
            assertThatThrownBy(() -> TestWebSocket.connect(URI.create(serialUrl), origin, null))
                    .isInstanceOfSatisfying(TestWebSocket.Refused.class, r -> assertThat(r.status).isEqualTo(401));

            // --- VNC: RFB handshake to ServerInit through /console/websockify with noVNC's subprotocol
            String vncPage = consoleUrl(port, token, instance, "vnc", "novnc");
            String vncToken = vncPage.substring(vncPage.indexOf("token=") + "token=".length());
            URI websockify = URI.create("ws://127.0.0.1:" + port + "/console/websockify?token=" + vncToken);
            assertThatThrownBy(() -> TestWebSocket.connect(websockify, "http://attacker.example", "binary"))
                    .isInstanceOfSatisfying(TestWebSocket.Refused.class, r -> assertThat(r.status).isEqualTo(403));
            try (TestWebSocket vnc = TestWebSocket.connect(websockify, origin, "binary")) {
                assertThat(vnc.subprotocol()).isEqualTo("binary");
                Rfb.ServerInit init = Rfb.handshake(vnc);
                assertThat(init.width()).isPositive();
                assertThat(init.height()).isPositive();
                assertThat(init.name()).isNotEmpty();
            }

            // --- an expired token is refused
            String late = consoleUrl(port, token, instance, "serial", "serial");
            clock.advance(Duration.ofMinutes(11));
            assertThatThrownBy(() -> TestWebSocket.connect(URI.create(late), origin, null))
                    .isInstanceOfSatisfying(TestWebSocket.Refused.class, r -> assertThat(r.status).isEqualTo(401));

            // --- the console ending (domain stopped) closes the websocket too
            String lastSerial = consoleUrl(port, token, instance, "serial", "serial");
            String lastVnc = consoleUrl(port, token, instance, "vnc", "novnc");
            try (TestWebSocket serial = TestWebSocket.connect(URI.create(lastSerial), origin, null);
                 TestWebSocket vnc = TestWebSocket.connect(URI.create("ws://127.0.0.1:" + port
                         + "/console/websockify?token=" + lastVnc.substring(lastVnc.indexOf("token=") + 6)), origin, "binary")) {
                assertThat(vnc.awaitBytes(12, Duration.ofSeconds(20))).hasSizeGreaterThanOrEqualTo(12);
                host.domains().destroy(DomainRef.of(instance));
                assertThat(serial.awaitClose(Duration.ofSeconds(20))).as("serial websocket closed").isEqualTo(1000);
                assertThat(vnc.awaitClose(Duration.ofSeconds(20))).as("VNC websocket closed").isEqualTo(1000);
            }

            host.domains().destroy(DomainRef.of(instance));
            host.domains().undefine(DomainRef.of(instance), java.util.Set.of());
        }
    }

    private static String consoleUrl(int port, String token, UUID instance, String protocol, String type) throws Exception {
        HttpResponse<String> response = send(request(port, "/compute/v2.1/servers/" + instance + "/remote-consoles")
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .header("OpenStack-API-Version", "compute 2.8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"remote_console\": {\"protocol\": \"" + protocol
                        + "\", \"type\": \"" + type + "\"}}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).at("/remote_console/url").asText();
    }

    private static Domain guest(UUID uuid, Path disk, String network) {
        return Domain.builder()
                .type(DomainType.QEMU)
                .name("console-" + uuid.toString().substring(0, 8))
                .uuid(uuid)
                .memoryKib(256 * 1024)
                .vcpus(1)
                .os(Os.hvm("x86_64", "pc", "hd"))
                .features(Features.of("acpi", "apic")) // else the guest kernel finds no PCI devices
                .devices(Devices.builder()
                        .disk(Disk.file(disk.toString(), "qcow2", "vda", DiskBus.VIRTIO))
                        .netInterface(NetInterface.network(network, MacAddress.of("52:54:00:c0:00:01"), "virtio"))
                        .charDevice(CharDevice.ptySerial(0))
                        .charDevice(CharDevice.ptyConsole(0))
                        .graphics(VncGraphics.autoport("127.0.0.1"))
                        .build())
                .build();
    }

    private static Optional<Path> guestDisk() {
        return org.kvmstack.testbed.GuestImage.disk();
    }

    /** The client side of RFB 3.8 up to ServerInit (RFC 6143 §7.1–7.3). */
    static final class Rfb {
        private static final Duration STEP = Duration.ofSeconds(20);

        record ServerInit(int width, int height, String name) {
        }

        static ServerInit handshake(TestWebSocket ws) throws Exception {
            Reader in = new Reader(ws);
            String version = new String(in.take(12), StandardCharsets.US_ASCII);
            assertThat(version).as("ProtocolVersion").isEqualTo("RFB 003.008\n");
            ws.sendBinary("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            int count = in.take(1)[0] & 0xff;
            assertThat(count).as("number of security types (0 = refused)").isPositive();
            byte[] types = in.take(count);
            boolean none = false;
            boolean vncAuth = false;
            for (byte t : types) {
                none |= t == 1;
                vncAuth |= t == 2;
            }
            assertThat(none || vncAuth).as("security types %s", Arrays.toString(types)).isTrue();
            assertThat(none).as("None offered (the proxy's descriptor skips VNC auth)").isTrue();
            ws.sendBinary(new byte[] {1});
            assertThat(ByteBuffer.wrap(in.take(4)).getInt()).as("SecurityResult").isZero();
            ws.sendBinary(new byte[] {1}); // ClientInit: shared
            ByteBuffer head = ByteBuffer.wrap(in.take(24));
            int width = head.getShort(0) & 0xffff;
            int height = head.getShort(2) & 0xffff;
            int nameLength = head.getInt(20);
            assertThat(nameLength).isBetween(0, 4096);
            String name = new String(in.take(nameLength), StandardCharsets.UTF_8);
            return new ServerInit(width, height, name);
        }

        /** Consumes the bytes received on the websocket in order. */
        private static final class Reader {
            private final TestWebSocket ws;
            private int offset;

            Reader(TestWebSocket ws) {
                this.ws = ws;
            }

            byte[] take(int n) throws InterruptedException {
                byte[] all = ws.awaitBytes(offset + n, STEP);
                assertThat(all.length).as("bytes from the VNC server").isGreaterThanOrEqualTo(offset + n);
                byte[] out = Arrays.copyOfRange(all, offset, offset + n);
                offset += n;
                return out;
            }
        }
    }
}
