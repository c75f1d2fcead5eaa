package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.NotAcceptable;

class MicroversionPolicyTest {
    private final MicroversionPolicy compute = new MicroversionPolicy("compute",
            new Microversion(2, 1), new Microversion(2, 79), Optional.of("X-OpenStack-Nova-API-Version"));

    @Test
    void absentMeansMinimumAndLatestMeansMaximum() {
        assertThat(compute.negotiate(null, null)).isEqualTo(new Microversion(2, 1));
        assertThat(compute.negotiate("compute latest", null)).isEqualTo(new Microversion(2, 79));
        assertThat(compute.negotiate(null, "latest")).isEqualTo(new Microversion(2, 79));
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertThat(new Microversion(2, 10)).isGreaterThan(new Microversion(2, 9));
        assertThat(compute.negotiate("compute 2.10", null)).isEqualTo(new Microversion(2, 10));
    }

    @Test
    void readsItsOwnServiceFromAListAndPrefersTheStandardHeader() {
        assertThat(compute.negotiate("volume 3.5, compute 2.42", "2.3")).isEqualTo(new Microversion(2, 42));
        assertThat(compute.negotiate("volume 3.5", "2.3")).isEqualTo(new Microversion(2, 3));
    }

    @Test
    void rejectsOutOfRangeWith406AndGarbageWith400() {
        assertThatThrownBy(() -> compute.negotiate("compute 2.80", null)).isInstanceOf(NotAcceptable.class)
                .hasMessageContaining("Minimum is 2.1 and maximum is 2.79");
        assertThatThrownBy(() -> compute.negotiate("compute 1.9", null)).isInstanceOf(NotAcceptable.class);
        assertThatThrownBy(() -> compute.negotiate("compute 2.x", null)).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> compute.negotiate(null, "2.01")).isInstanceOf(BadRequest.class);
    }
}
