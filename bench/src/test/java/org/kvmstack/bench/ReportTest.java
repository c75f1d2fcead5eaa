package org.kvmstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final List<Target> CREATE_TARGETS =
            List.of(new Target.AtMostTimesBaseline(1.2), new Target.AddsLessThan(300, "ms"));

    @Test
    void verdictNeedsEveryTargetMet() {
        assertThat(new Figure("a", "a", "ms", 590.0, 500.0, CREATE_TARGETS, "").verdict()).isEqualTo(Figure.Verdict.MET);
        assertThat(new Figure("a", "a", "ms", 610.0, 500.0, CREATE_TARGETS, "").verdict()).as("over 1.2×")
                .isEqualTo(Figure.Verdict.MISSED);
        assertThat(new Figure("a", "a", "ms", 2350.0, 2000.0, CREATE_TARGETS, "").verdict()).as("1.18× but 350 ms added")
                .isEqualTo(Figure.Verdict.MISSED);
    }

    @Test
    void aMissingValueIsNotMeasuredRatherThanMissed() {
        assertThat(new Figure("a", "a", "ms", null, 500.0, CREATE_TARGETS, "").verdict()).isEqualTo(Figure.Verdict.NOT_MEASURED);
        assertThat(new Figure("a", "a", "ms", 500.0, null, CREATE_TARGETS, "").verdict()).isEqualTo(Figure.Verdict.NOT_MEASURED);
        assertThat(new Figure("r", "r", "req/s", 900.0, null, List.of(new Target.AtLeast(1000, "req/s")), "").verdict())
                .isEqualTo(Figure.Verdict.MISSED);
    }

    @Test
    void tableAndJsonCarryTheSameFigures() throws Exception {
        Report report = new Report(List.of(
                new Figure("create_to_running_ms", "create → running", "ms", 600.0, 500.0, CREATE_TARGETS, "how"),
                new Figure("rss_mb", "RSS", "MB", 190.5, null, List.of(new Target.AtMost(300, "MB")), "")),
                Map.of("cores", "2"), Instant.parse("2026-01-01T00:00:00Z"));

        String table = report.table();
        assertThat(table).contains("create → running").contains("600").contains("500").contains("1.20×")
                .contains("≤ 1.2× raw and < 300 ms added").contains("met").contains("cores: 2");

        JsonNode json = new ObjectMapper().readTree(report.json());
        assertThat(json.path("figures")).hasSize(2);
        JsonNode create = json.path("figures").get(0);
        assertThat(create.path("id").asText()).isEqualTo("create_to_running_ms");
        assertThat(create.path("kvmstack").asDouble()).isEqualTo(600.0);
        assertThat(create.path("baseline").asDouble()).isEqualTo(500.0);
        assertThat(create.path("ratio").asDouble()).isEqualTo(1.2);
        assertThat(create.path("verdict").asText()).isEqualTo("met");
        assertThat(json.path("figures").get(1).path("baseline").isNull()).isTrue();
    }
}
