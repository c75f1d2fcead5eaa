package org.kvmstack.virt.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads XML fixtures kept beside the tests (src/test/resources/org/kvmstack/virt/xml). */
public final class Fixtures {
    private Fixtures() {
    }

    public static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " next to " + Fixtures.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of elements in the tree, root included: markup smuggled in through a value would change it. */
    public static int countElements(XmlElement element) {
        int count = 1;
        for (XmlElement child : element.children()) {
            count += countElements(child);
        }
        return count;
    }
}
