package org.kvmstack.cli.output;

import picocli.CommandLine.Option;

/** The {@code -o/--output} option, mixed into every command that prints a result. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = OutputFormatConverter.class,
            description = "Output format: table (default), json, yaml or value.")
    private OutputFormat format = OutputFormat.TABLE;

    public OutputFormat format() {
        return format;
    }
}
