package org.kvmstack.cloud.configdrive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class HostnamesTest {
    private static final UUID ID = UUID.fromString("8a1f6f0e-3c4b-4d2e-9a77-1b2c3d4e5f60");

    @Test
    void novaRules() {
        assertThat(Hostnames.sanitize("Web Server_01.prod", ID)).isEqualTo("web-server-01-prod");
        assertThat(Hostnames.sanitize("--héllo wörld!--", ID)).isEqualTo("hello-world");
        assertThat(Hostnames.sanitize("a;b&c$(reboot)", ID)).isEqualTo("abcreboot");
        assertThat(Hostnames.sanitize("x".repeat(70) + "-y", ID)).isEqualTo("x".repeat(63));
        assertThat(Hostnames.sanitize("x".repeat(62) + "-yyy", ID)).isEqualTo("x".repeat(62));
    }

    @Test
    void nothingLeftBecomesServerUuid() {
        assertThat(Hostnames.sanitize("日本語", ID)).isEqualTo("server-" + ID);
        assertThat(Hostnames.sanitize("", ID)).isEqualTo("server-" + ID);
        assertThat(Hostnames.sanitize(null, ID)).isEqualTo("server-" + ID);
    }
}
