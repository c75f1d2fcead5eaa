package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.VirtConnection;

/**
 * Cached bases leave the host once nothing needs them, on real QEMU (controller in-process, reconcile every 2 s):
 * the tiny guest's image is deleted while two servers run on it → its base stays, and a server still hard-reboots
 * from it once the other is deleted; the last server deleted → the base is gone within a pass or two.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnusedBaseOnTestBedIT {
    /** Two reconcile passes (2 s each) and slack for a loaded 2-core machine. */
    private static final Duration WITHIN_A_PASS = Duration.ofSeconds(20);

    private ControllerOnTestBed cloud;

    @BeforeAll
    void start() throws Exception {
        cloud = ControllerOnTestBed.start("cachegc");
    }

    @AfterAll
    void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void aDeletedImagesBaseStaysWhileAServerUsesItAndLeavesAfterTheLast() throws Exception {
        String image = cloud.uploadGuestImage("gc-tiny");
        String first = cloud.createServer("gc-1", image);
        String second = cloud.createServer("gc-2", image);
        cloud.awaitStatus(first, "ACTIVE");
        cloud.awaitStatus(second, "ACTIVE");
        List<String> bases = bases();
        assertThat(bases).as("one base for the two servers").hasSize(1);

        assertThat(cloud.call("DELETE", "/image/v2/images/" + image, null).statusCode()).isEqualTo(204);
        Thread.sleep(5_000); // the sweep after the delete and two reconcile passes
        assertThat(bases()).as("both servers' disks are backed by it").isEqualTo(bases);

        assertThat(cloud.call("DELETE", "/compute/v2.1/servers/" + first, null).statusCode()).isEqualTo(204);
        ControllerOnTestBed.await("server gone", () -> cloud.call("GET", "/compute/v2.1/servers/" + first, null)
                .statusCode() == 404);
        Thread.sleep(5_000);
        assertThat(bases()).as("the second server still uses it").isEqualTo(bases);
        // A hard reboot starts a new QEMU that opens the overlay and its backing file again.
        cloud.awaitReadyLines(second, 1);
        assertThat(cloud.action(second, "{\"reboot\": {\"type\": \"HARD\"}}").statusCode()).isEqualTo(202);
        cloud.awaitStatus(second, "ACTIVE");
        cloud.awaitReadyLines(second, 2);

        assertThat(cloud.call("DELETE", "/compute/v2.1/servers/" + second, null).statusCode()).isEqualTo(204);
        ControllerOnTestBed.await("server gone", () -> cloud.call("GET", "/compute/v2.1/servers/" + second, null)
                .statusCode() == 404);
        Instant deadline = Instant.now().plus(WITHIN_A_PASS);
        while (!bases().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertThat(bases()).as("no server and no image: the base left the host within " + WITHIN_A_PASS).isEmpty();
    }

    private List<String> bases() {
        try (VirtConnection conn = VirtConnection.open(cloud.host().localUri())) {
            return conn.storage().volumes(HostLayout.POOL_NAME).stream().map(v -> v.name())
                    .filter(n -> n.startsWith("base-")).toList();
        }
    }
}
