package org.kvmstack.virt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class HostElementWriterTest {
    @Test
    void rendersOneHostElementWhoseAttributesParseBackUnchanged() throws Exception {
        DhcpHostEntry entry = new DhcpHostEntry("52:54:00:ab:cd:ef", "fd00::5", "web-1.example");
        String xml = HostElementWriter.render(entry);

        Element host = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertThat(host.getTagName()).isEqualTo("host");
        assertThat(host.getAttribute("mac")).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(host.getAttribute("ip")).isEqualTo("fd00::5");
        assertThat(host.getAttribute("name")).isEqualTo("web-1.example");
        assertThat(host.getChildNodes().getLength()).isZero();
    }

    @Test
    void omitsTheNameWhenThereIsNone() {
        assertThat(HostElementWriter.render(new DhcpHostEntry("52:54:00:ab:cd:ef", "10.0.0.2", null)))
                .doesNotContain("name=");
    }
}
