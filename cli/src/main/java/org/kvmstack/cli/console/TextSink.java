package org.kvmstack.cli.console;

import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes console bytes to a {@link Writer} as UTF-8 text. Frames split characters anywhere, so an incomplete
 * sequence at the end of one chunk is kept for the next; bytes that are not UTF-8 become U+FFFD rather than
 * failing the session. Thread-safe: the websocket's thread writes, the session flushes at the end.
 */
public final class TextSink {
    private final Writer out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);

    public TextSink(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Decodes and writes {@code bytes}, flushing so that a user sees the guest's prompt at once. */
    public synchronized void write(ByteBuffer bytes) {
        ByteBuffer input = ByteBuffer.allocate(pending.remaining() + bytes.remaining());
        input.put(pending).put(bytes).flip();
        CharBuffer chars = CharBuffer.allocate(input.remaining() + 1);
        decoder.decode(input, chars, false);
        pending = input.slice();
        chars.flip();
        try {
            out.write(chars.toString());
            out.flush();
        } catch (java.io.IOException e) {
            throw new ConsoleException("cannot write console output: " + e.getMessage(), e);
        }
    }
}
