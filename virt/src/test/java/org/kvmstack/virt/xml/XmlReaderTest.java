package org.kvmstack.virt.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmlReaderTest {
    @Test
    void doctypesAreRefusedSoNoExternalEntityIsEverRead() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><d>&x;</d>";

        assertThatThrownBy(() -> XmlReader.parse(xxe)).isInstanceOf(XmlParseException.class);
    }

    @Test
    void malformedInputIsATypedError() {
        assertThatThrownBy(() -> XmlReader.parse("<domain><name>x</domain>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> XmlReader.parse("  ")).isInstanceOf(XmlParseException.class);
    }

    @Test
    void commentsAndIndentationAreDroppedButLeafTextIsKeptExactly() {
        XmlElement e = XmlReader.parse("<a>\n  <!-- c -->\n  <b>  two  spaces  </b>\n</a>");

        assertThat(e.text()).isNull();
        assertThat(e.childText("b")).isEqualTo("  two  spaces  ");
    }

    @Test
    void aPrefixedSubtreeCarriesTheNamespaceDeclaredOnAnAncestor() {
        XmlElement root = XmlReader.parse("<m xmlns:app='urn:app'><app:x><app:y/></app:x></m>");
        XmlElement x = root.child("app:x");

        assertThat(x.attr("xmlns:app")).isEqualTo("urn:app");
        assertThat(x.child("app:y").attributes()).isEmpty();
        // standalone: the subtree alone parses again to itself
        assertThat(XmlReader.parse(XmlWriter.write(x))).isEqualTo(x);
    }

    @Test
    void integerAttributesAcceptHexAsLibvirtWritesThem() {
        XmlElement e = XmlReader.parse("<address bus='0x01' slot='7'/>");

        assertThat(e.intAttr("bus")).isEqualTo(1);
        assertThat(e.intAttr("slot")).isEqualTo(7);
        assertThatThrownBy(() -> XmlReader.parse("<a n='x'/>").intAttr("n")).isInstanceOf(XmlParseException.class);
    }
}
