package org.kvmstack.virt.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmlWriterTest {
    private static final String NASTY = "\"'&<>]]> </name><devices>&amp;\t\n\r x";

    @Test
    void attributeAndTextValuesSurviveAWriteParseRoundTripUnchanged() {
        XmlElement element = XmlElement.builder("root").attr("a", NASTY)
                .child(XmlElement.ofText("t", NASTY)).build();

        XmlElement parsed = XmlReader.parse(XmlWriter.write(element));

        assertThat(parsed.attr("a")).isEqualTo(NASTY);
        assertThat(parsed.childText("t")).isEqualTo(NASTY);
        assertThat(Fixtures.countElements(parsed)).isEqualTo(2);
    }

    @Test
    void markupCharactersAreNeverWrittenLiterallyInsideValues() {
        String xml = XmlWriter.write(XmlElement.builder("r").attr("a", "<x y='1'>").text("</r><evil/>").build());

        assertThat(xml).doesNotContain("<x").doesNotContain("<evil").contains("&lt;evil/&gt;");
    }

    @Test
    void charactersThatXml10CannotCarryAreRejected() {
        for (String bad : new String[] {"a\u0000b", "\u0001", "bell\u0007", "\u001f", "\uFFFE", "\uFFFF",
                "lone\uD800surrogate", "\uDC00"}) {
            assertThatThrownBy(() -> XmlWriter.write(XmlElement.ofText("t", bad)))
                    .as("text %s", bad.codePoints().boxed().toList())
                    .isInstanceOf(InvalidXmlCharacterException.class).hasMessageContaining("XML 1.0");
            assertThatThrownBy(() -> XmlWriter.write(XmlElement.builder("t").attr("a", bad).build()))
                    .isInstanceOf(InvalidXmlCharacterException.class);
        }
    }

    @Test
    void supplementaryCharactersAndNonAsciiAreKept() {
        String value = "caf\u00e9 \ud83d\ude80 \u4e2d\u6587";
        XmlElement parsed = XmlReader.parse(XmlWriter.write(XmlElement.builder("t").attr("a", value).text(value).build()));

        assertThat(parsed.attr("a")).isEqualTo(value);
        assertThat(parsed.text()).isEqualTo(value);
    }

    @Test
    void elementAndAttributeNamesMustBeXmlNames() {
        assertThatThrownBy(() -> XmlElement.builder("a b").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlElement.builder("x").attr("on<click", "1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on<click");
    }
}
