package org.kvmstack.cli.quickstart;

/** Quoting for values written into a shell file (the openrc). */
final class ShellQuote {
    private ShellQuote() {}

    /** {@code it's} → {@code 'it'\''s'}: single quotes, in which only the quote itself needs care. */
    static String single(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
