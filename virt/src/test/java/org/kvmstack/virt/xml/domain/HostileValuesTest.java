package org.kvmstack.virt.xml.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.xml.Fixtures;
import org.kvmstack.virt.xml.InvalidXmlCharacterException;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlReader;

/**
 * User-supplied text (a server name, description, metadata) must never change the shape of the document:
 * it is escaped, or rejected when XML 1.0 cannot carry it. We compare parsed structure, not strings.
 */
class HostileValuesTest {
    private static final String DISK_INJECTION = "</name><devices><disk type='file' device='disk'>"
            + "<source file='/etc/shadow'/><target dev='vdz'/></disk></devices><name>x";
    private static final String QUOTES = "\"'&<>&amp;&#x41;]]><!-- c --><?pi?>";
    private static final Domain BASELINE = SampleDomains.full().build();
    private static final int BASELINE_ELEMENTS = Fixtures.countElements(XmlReader.parse(BASELINE.render()));

    /** A field that accepts hostile text, how to set it and how to read it back. */
    private record Field(String label, BiFunction<Domain, String, Domain> set, Function<Domain, String> get) {
    }

    private static final List<Field> FREE_TEXT_FIELDS = List.of(
            new Field("title", (d, v) -> d.toBuilder().title(v).build(), Domain::title),
            new Field("description", (d, v) -> d.toBuilder().description(v).build(), Domain::description),
            new Field("metadata project", (d, v) -> d.toBuilder().metadata(new DomainMetadata(
                    withProject(d.metadata().instance(), v), d.metadata().foreign())).build(),
                    d -> d.metadata().instance().project()),
            new Field("disk serial", (d, v) -> withFirstDisk(d, d.devices().disks().get(0).withSerial(v)),
                    d -> d.devices().disks().get(0).serial()),
            new Field("disk source path", (d, v) -> withFirstDisk(d, withSource(d.devices().disks().get(0), v)),
                    d -> d.devices().disks().get(0).source()));

    @ParameterizedTest
    @ValueSource(strings = {DISK_INJECTION, QUOTES, "line\none\ttab\r\ncrlf", "  padded  "})
    void freeTextIsEscapedAndChangesNothingElse(String hostile) {
        for (Field field : FREE_TEXT_FIELDS) {
            if (field.label().equals("title") && hostile.contains("\n")) {
                continue; // titles are single-line: covered by the rejection test
            }
            Domain tampered = field.set().apply(BASELINE, hostile);

            String xml = tampered.render();
            XmlElement tree = XmlReader.parse(xml);
            Domain parsed = Domain.parse(xml);

            assertThat(Fixtures.countElements(tree)).as(field.label()).isEqualTo(BASELINE_ELEMENTS);
            assertThat(field.get().apply(parsed)).as(field.label()).isEqualTo(hostile);
            assertThat(parsed.devices().disks()).as(field.label()).hasSameSizeAs(BASELINE.devices().disks());
            // every other field: put the original value back and the whole model is the baseline again
            assertThat(field.set().apply(parsed, field.get().apply(BASELINE))).as(field.label()).isEqualTo(BASELINE);
        }
    }

    @Test
    void aNameWithMarkupIsEscapedAndANameWithASlashIsRejected() {
        String markup = "<name><devices><disk type='file'>&\"'";
        Domain tampered = BASELINE.toBuilder().name(markup).build();

        Domain parsed = Domain.parse(tampered.render());

        assertThat(parsed.name()).isEqualTo(markup);
        assertThat(parsed.toBuilder().name(BASELINE.name()).build()).isEqualTo(BASELINE);
        assertThat(Fixtures.countElements(XmlReader.parse(tampered.render()))).isEqualTo(BASELINE_ELEMENTS);
        assertThatThrownBy(() -> BASELINE.toBuilder().name(DISK_INJECTION).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000", "escape\u001b[31m", "bell\u0007", "\uFFFE", "\uFFFF", "half\uD83D"})
    void charactersXmlCannotCarryAreRejectedNotDropped(String bad) {
        for (Field field : FREE_TEXT_FIELDS) {
            Domain tampered = field.set().apply(BASELINE, bad);

            assertThatThrownBy(tampered::render).as(field.label()).isInstanceOf(InvalidXmlCharacterException.class);
        }
        assertThatThrownBy(() -> BASELINE.toBuilder().name("vm" + bad).build().render())
                .isInstanceOf(InvalidXmlCharacterException.class);
    }

    @Test
    void aMultiLineTitleIsRejected() {
        assertThatThrownBy(() -> BASELINE.toBuilder().title("a\nb").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single line");
    }

    private static InstanceMetadata withProject(InstanceMetadata m, String project) {
        return new InstanceMetadata(m.instanceUuid(), project, m.flavor(), m.image(), m.created());
    }

    private static Disk withSource(Disk d, String source) {
        return new Disk(d.type(), d.device(), d.driver(), source, d.targetDev(), d.bus(), d.readonly(), d.serial(),
                d.bootOrder());
    }

    private static Domain withFirstDisk(Domain d, Disk first) {
        Devices old = d.devices();
        List<Disk> disks = new java.util.ArrayList<>(old.disks());
        disks.set(0, first);
        return d.toBuilder().devices(new Devices(old.emulator(), disks, old.controllers(), old.interfaces(),
                old.graphics(), old.serials(), old.consoles(), old.channels(), old.videos(), old.memBalloon(),
                old.rngs())).build();
    }
}
