package org.kvmstack.virt;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link Domains#openGraphics} failures are typed; the passed descriptor itself is proven on QEMU by api's ConsoleProxyIT. */
class DomainGraphicsTest {
    @Test
    void theTestDriverHasNoGraphicsToPassAndSaysSoTyped() {
        try (VirtConnection conn = VirtConnection.open("test:///default")) {
            assertThatThrownBy(() -> conn.domains().openGraphics(DomainRef.of("test"), 0, true))
                    .isInstanceOfSatisfying(VirtException.class, e -> org.assertj.core.api.Assertions
                            .assertThat(e.kind()).isIn(VirtErrorKind.UNSUPPORTED, VirtErrorKind.OPERATION_INVALID));
            assertThatThrownBy(() -> conn.domains().openGraphics(DomainRef.of(UUID.randomUUID()), 0, true))
                    .isInstanceOfSatisfying(VirtException.class, e -> org.assertj.core.api.Assertions
                            .assertThat(e.kind()).isEqualTo(VirtErrorKind.NO_SUCH_DOMAIN));
            assertThatThrownBy(() -> conn.domains().openGraphics(DomainRef.of("test"), -1, true))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
