package org.kvmstack.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvmstack.cli.CliRunner;
import org.kvmstack.cli.ExitCode;

/**
 * The README's first command, for real (root): quickstart starts a lab host in its own namespaces and the
 * controller in the background; the real {@code openstack} CLI gets a token with the clouds.yaml it wrote;
 * a second run reuses both; {@code quickstart stop --purge} leaves no process, namespace, mount or file.
 */
class QuickstartIT {
    private final String labName = "ccqs-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(2));
    private Path dataDir;

    @AfterEach
    void removeWhateverIsLeft() {
        if (dataDir != null && Files.exists(dataDir)) {
            CliRunner.run(Map.of(), "quickstart", "stop", "--purge", "--data-dir", dataDir.toString());
        }
    }

    @Test
    void quickstartThenOpenstackCliThenIdempotentThenStopLeavesNothing() throws Exception {
        dataDir = Files.createTempDirectory("kvmstack-quickstart-it").resolve("data");
        String port = Integer.toString(freePort());
        Path image = Files.createTempFile("quickstart-it", ".qcow2");
        run(List.of("qemu-img", "create", "-f", "qcow2", image.toString(), "16M"), Map.of());
        String[] quickstart = {"quickstart", "--data-dir", dataDir.toString(), "--lab-name", labName,
            "--port", port, "--image", image.toString()};

        CliRunner.Run first = CliRunner.run(Map.of(), quickstart);
        assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(ExitCode.OK);
        assertThat(first.out()).contains("[2/7] lab host: started " + labName + "-h1")
                .contains("[4/7] controller: started in the background, PID ")
                .contains("export OS_CLOUD=kvmstack OS_CLIENT_CONFIG_FILE=" + dataDir.resolve("clouds.yaml"))
                .contains("openstack server create --image tiny --flavor m1.tiny --network kvmstack-default --wait vm1");
        assertThat(netnsList()).contains(labName + "-h1");
        long controllerPid = Long.parseLong(Files.readString(dataDir.resolve("controller.pid")).strip());

        String token = run(List.of("/usr/bin/python3", "/usr/bin/openstack", "token", "issue", "-f", "value",
                "-c", "id"), Map.of("OS_CLOUD", "kvmstack", "OS_CLIENT_CONFIG_FILE",
                        dataDir.resolve("clouds.yaml").toString()));
        assertThat(token.strip()).matches("[A-Za-z0-9_-]{20,}");

        CliRunner.Run second = CliRunner.run(Map.of(), quickstart);
        assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(ExitCode.OK);
        assertThat(second.out()).contains("[2/7] lab host: reused " + labName + "-h1")
                .contains("[4/7] controller: running, PID " + controllerPid + " (reused)");

        CliRunner.Run stop = CliRunner.run(Map.of(), "quickstart", "stop", "--purge", "--data-dir",
                dataDir.toString());
        assertThat(stop.exitCode()).as(stop.out() + stop.err()).isEqualTo(ExitCode.OK);
        assertThat(stop.out()).contains("controller: stopped PID " + controllerPid)
                .contains("lab host: removed " + labName).contains("data: removed " + dataDir);

        assertThat(ProcessHandle.of(controllerPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(netnsList()).doesNotContain(labName);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dataDir.toString())
                .doesNotContain(labName);
        assertThat(dataDir).doesNotExist();
        assertThat(processesMentioning(dataDir.toString())).isEmpty();
        Files.delete(dataDir.getParent());
        Files.delete(image);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String netnsList() throws Exception {
        return run(List.of("ip", "netns", "list"), Map.of());
    }

    /** PIDs whose command line names the path (e.g. a libvirtd or dnsmasq of the lab host). */
    private static List<Long> processesMentioning(String text) {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                        StandardCharsets.UTF_8).contains(text);
            } catch (IOException e) {
                return false;
            }
        }).map(ProcessHandle::pid).toList();
    }

    private static String run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
