package org.kvmstack.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextSinkTest {
    @Test
    void aCharacterSplitAcrossChunksIsWrittenWhole() {
        StringWriter out = new StringWriter();
        TextSink sink = new TextSink(out);
        byte[] bytes = "grüß KS42".getBytes(StandardCharsets.UTF_8);

        sink.write(ByteBuffer.wrap(bytes, 0, 3));
        assertThat(out.toString()).isEqualTo("gr");
        sink.write(ByteBuffer.wrap(bytes, 3, bytes.length - 3));

        assertThat(out.toString()).isEqualTo("grüß KS42");
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharacters() {
        StringWriter out = new StringWriter();

        new TextSink(out).write(ByteBuffer.wrap(new byte[] {'a', (byte) 0xff, 'b'}));

        assertThat(out.toString()).isEqualTo("a\uFFFDb");
    }
}
