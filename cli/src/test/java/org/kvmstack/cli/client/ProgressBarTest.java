package org.kvmstack.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void plainLinesAtEveryTenPercentWhenNotATerminal() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, "uploading disk.qcow2", () -> 0);
        for (long sent = 0; sent <= 20 * MIB; sent += MIB / 2) {
            bar.progress(sent, 20 * MIB);
        }
        bar.finish();

        assertThat(text.toString().lines().toList()).hasSize(11)
                .startsWith("uploading disk.qcow2: 0% (0.0 MiB of 20.0 MiB)")
                .contains("uploading disk.qcow2: 50% (10.0 MiB of 20.0 MiB)")
                .endsWith("uploading disk.qcow2: 100% (20.0 MiB of 20.0 MiB)");
    }

    @Test
    void oneRedrawnLineOnATerminalAtMostEveryTenthOfASecond() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, "up", now::get);
        bar.progress(0, 10 * MIB);
        now.addAndGet(50_000_000L);
        bar.progress(5 * MIB, 10 * MIB); // too soon: skipped
        now.addAndGet(950_000_000L);
        bar.progress(5 * MIB, 10 * MIB);
        now.addAndGet(1_000_000_000L);
        bar.progress(10 * MIB, 10 * MIB); // the end is always drawn
        bar.finish();

        String output = text.toString();
        assertThat(output.split("\r", -1)).hasSize(4);
        assertThat(output).contains("\rup [" + "#".repeat(15) + ".".repeat(15) + "]  50% 5.0 MiB/10.0 MiB 5.0 MiB/s")
                .endsWith("\rup [" + "#".repeat(30) + "] 100% 10.0 MiB/10.0 MiB 5.0 MiB/s" + System.lineSeparator());
    }
}
