package org.kvmstack.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlPartsTest {
    @Test
    void segmentsAndQueriesAreEscaped() {
        assertThat(UrlParts.segment("my key/1")).isEqualTo("my%20key%2F1");
        assertThat(UrlParts.query("a b&c")).isEqualTo("a+b%26c");
    }

    @Test
    void uuidsAreRecognised() {
        assertThat(UrlParts.looksLikeUuid("3c094cbf-d71f-45d3-bada-fdbbf52b73c0")).isTrue();
        assertThat(UrlParts.looksLikeUuid("3c094cbfd71f45d3badafdbbf52b73c0")).isTrue();
        assertThat(UrlParts.looksLikeUuid("vm1")).isFalse();
    }

    @Test
    void nameRegexMatchesOnlyTheName() {
        assertThat(UrlParts.exactNameRegex("web.1 (a)")).isEqualTo("^web\\.1 \\(a\\)$");
        assertThat("web.1 (a)").matches(UrlParts.exactNameRegex("web.1 (a)"));
        assertThat("webx1 (a)").doesNotMatch(UrlParts.exactNameRegex("web.1 (a)"));
    }
}
