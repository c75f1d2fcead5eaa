package org.kvmstack.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A bed whose start failed half-way, and a bed whose creating process was killed, are both cleaned completely. */
class StaleBedIT {
    @BeforeAll
    static void removeBedsOfDeadRuns() {
        TestBed.cleanupStale(TestBedConfig.defaultStateRoot());
    }

    @Test
    void aStartThatFailsAtTheSecondHostCleansUpTheFirstAndLeavesForeignNamespacesAlone() throws IOException {
        MachineNetworkSnapshot before = MachineNetworkSnapshot.take();
        Path bedDir = TestBedConfig.defaultStateRoot().resolve("ks-fail");
        CommandRunner runner = new CommandRunner(Duration.ofSeconds(20));
        // Somebody else's namespace that happens to carry the name host 2 would get.
        runner.run(List.of("ip", "netns", "add", "ks-fail-h2")).orThrow();
        try {
            assertThatThrownBy(() -> TestBed.start(TestBedConfig.hosts(2).withBedName("ks-fail")))
                    .isInstanceOf(TestBedException.class).hasMessageContaining("ks-fail-h2 already exists");

            assertThat(Path.of("/run/netns", "ks-fail-h2")).as("the foreign namespace survives").exists();
            assertNothingLeft(bedDir, List.of("ks-fail-h1", "ks-fail-fab"), before);
        } finally {
            runner.run(List.of("ip", "netns", "delete", "ks-fail-h2")).orThrow();
        }
    }

    @Test
    void aBedLeftByAKilledProcessIsFoundAndRemoved() throws Exception {
        MachineNetworkSnapshot before = MachineNetworkSnapshot.take();
        Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"), StartBedAndWait.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Path bedDir;
        String bedName;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = readLineWithin(out, Duration.ofSeconds(90));
            assertThat(line).as("child's report of its bed").startsWith("BED ");
            bedDir = Path.of(line.substring(4));
            bedName = bedDir.getFileName().toString();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(bedDir).exists();
        assertThat(Path.of("/run/netns", bedName + "-h1")).exists();

        List<Path> cleaned = TestBed.cleanupStale(TestBedConfig.defaultStateRoot());

        assertThat(cleaned).contains(bedDir);
        assertNothingLeft(bedDir, List.of(bedName + "-h1", bedName + "-fab"), before);
    }

    private static void assertNothingLeft(Path bedDir, List<String> netns, MachineNetworkSnapshot before) throws IOException {
        assertThat(bedDir).doesNotExist();
        for (String ns : netns) {
            assertThat(Path.of("/run/netns", ns)).doesNotExist();
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(bedDir.toString());
        assertThat(MachineNetworkSnapshot.take()).isEqualTo(before);
    }

    private static String readLineWithin(BufferedReader in, Duration limit) throws Exception {
        var reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return reader.submit(in::readLine).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            reader.shutdownNow();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
