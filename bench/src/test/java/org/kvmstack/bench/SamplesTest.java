package org.kvmstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplesTest {
    private static Samples of(double... values) {
        Samples s = new Samples();
        for (double v : values) {
            s.add(v);
        }
        return s;
    }

    @Test
    void medianOfOddCountIsTheMiddleValue() {
        assertThat(of(9, 1, 5).median()).isEqualTo(5);
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(of(4, 1, 3, 2).median()).isEqualTo(2.5);
    }

    @Test
    void p99IsANearestRankValueThatWasMeasured() {
        Samples s = new Samples();
        for (int i = 1; i <= 100; i++) {
            s.add(i);
        }
        assertThat(s.percentile(99)).isEqualTo(99);
        assertThat(s.percentile(100)).isEqualTo(100);
        assertThat(of(1, 2, 3).percentile(99)).isEqualTo(3);
    }

    @Test
    void nothingMeasuredIsAnError() {
        assertThatThrownBy(() -> new Samples().median()).isInstanceOf(IllegalStateException.class);
    }
}
