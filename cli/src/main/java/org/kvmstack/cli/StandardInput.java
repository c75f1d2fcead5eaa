package org.kvmstack.cli;

import java.io.InputStream;
import java.util.Objects;
import org.kvmstack.cli.client.Terminal;

/**
 * The command's standard input and whether it is a terminal (then an interactive command may switch it to raw
 * mode; a pipe is read as a script).
 *
 * @param stream   the bytes
 * @param terminal true when {@code stream} is this process's stdin and that is a terminal
 */
public record StandardInput(InputStream stream, boolean terminal) {
    public StandardInput {
        Objects.requireNonNull(stream, "stream");
    }

    /** This process's stdin. */
    public static StandardInput system() {
        return new StandardInput(System.in, Terminal.stdinIsTerminal());
    }

    /** A pipe: never a terminal. */
    public static StandardInput piped(InputStream stream) {
        return new StandardInput(stream, false);
    }
}
