package org.kvmstack.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EscapeScannerTest {
    @Test
    void bytesBeforeTheDetachKeyGoThroughAndTheRestIsDropped() {
        byte[] typed = {'l', 's', EscapeScanner.DETACH, '\r'};

        assertThat(EscapeScanner.bytesBeforeDetach(typed, typed.length)).isEqualTo(2);
        assertThat(EscapeScanner.containsDetach(typed, typed.length)).isTrue();
    }

    @Test
    void withoutTheKeyEverythingGoesThroughAndOnlyTheReadLengthCounts() {
        byte[] typed = "ls\r".getBytes(StandardCharsets.US_ASCII);
        byte[] stale = {'a', 'b', EscapeScanner.DETACH};

        assertThat(EscapeScanner.bytesBeforeDetach(typed, typed.length)).isEqualTo(3);
        assertThat(EscapeScanner.containsDetach(stale, 2)).isFalse();
    }
}
