package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class RequestLogTest {

    @Test
    void theLineKeepsItsFieldsAndOneDecimalLikeTheFormatItReplaced() {
        assertThat(RequestLog.line("GET", "/compute/v2.1/servers/x", 200, 2.75f, "req-1"))
                .isEqualTo("method=GET path=/compute/v2.1/servers/x status=200 ms=2.8 request_id=req-1");
        for (float ms : new float[] {0f, 0.04f, 0.96f, 1.25f, 9.99f, 12.3f, 1234.56f}) {
            assertThat(RequestLog.line("GET", "/", 404, ms, "r"))
                    .isEqualTo(String.format(Locale.ROOT, "method=GET path=/ status=404 ms=%.1f request_id=r", ms));
        }
    }
}
