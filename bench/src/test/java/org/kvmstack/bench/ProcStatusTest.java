package org.kvmstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProcStatusTest {
    @Test
    void readsVmRssInKib() throws IOException {
        assertThat(ProcStatus.parseRssKib("Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  198604 kB\nVmData:\t1 kB\n")).isEqualTo(198604);
        assertThat(ProcStatus.rssKib(ProcessHandle.current().pid())).isPositive();
    }

    @Test
    void missingFieldIsAnError() {
        assertThatThrownBy(() -> ProcStatus.parseRssKib("Name:\tkthreadd\n")).isInstanceOf(IOException.class);
    }
}
