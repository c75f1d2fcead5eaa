package org.kvmstack.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.RunningController;

/** {@code --wait} against the real controller, with injected time so that nothing sleeps. */
class ServerWaiterTest {
    @TempDir
    static Path dataDir;

    static RunningController controller;

    @BeforeAll
    static void start() {
        controller = RunningController.start(dataDir);
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    /** Time that only moves when the waiter sleeps. */
    static final class FakePacer implements ServerWaiter.Pacer {
        long now;
        int sleeps;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps++;
            now += duration.toNanos();
        }
    }

    private static final String GONE = "00000000-0000-4000-8000-000000000000";

    @Test
    void deletionWaitEndsWhenTheServerIsGone() {
        StringWriter err = new StringWriter();
        FakePacer pacer = new FakePacer();
        new ServerWaiter(OpenStackClient.connect(controller.admin()), new PrintWriter(err), false,
                Duration.ofSeconds(10), pacer).untilDeleted(GONE, "vm1");

        assertThat(pacer.sleeps).isZero();
        assertThat(err.toString()).isEqualTo("vm1: deleted  0s" + System.lineSeparator());
    }

    @Test
    void aServerThatVanishesWhileAwaitedIsAnError() {
        FakePacer pacer = new FakePacer();
        ServerWaiter waiter = new ServerWaiter(OpenStackClient.connect(controller.admin()),
                new PrintWriter(new StringWriter()), true, Duration.ofSeconds(10), pacer);

        assertThatThrownBy(() -> waiter.until(GONE, "vm1", Set.of("ACTIVE")))
                .isInstanceOf(CommandFailedException.class).hasMessage("server vm1 disappeared while waiting");
    }

    @Test
    void faultMessageOfAServerInError() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(ServerWaiter.fault(json.readTree(
                "{\"id\": \"x\", \"status\": \"ERROR\", \"fault\": {\"code\": 500, \"message\":"
                        + " \"No valid host was found.\\n There are not enough hosts available.\"}}")))
                .isEqualTo("No valid host was found. There are not enough hosts available.");
        assertThat(ServerWaiter.fault(json.readTree("{\"id\": \"x\", \"status\": \"ERROR\"}")))
                .isEqualTo("no fault message (kvmstack server show x)");
    }
}
