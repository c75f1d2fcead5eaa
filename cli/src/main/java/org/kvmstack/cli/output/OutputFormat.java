package org.kvmstack.cli.output;

/** How a command prints its result. */
public enum OutputFormat {
    /** Aligned tables and labelled fields, for people (the default). */
    TABLE,
    /** The result's data as JSON, for scripts. */
    JSON,
    /** The result's data as YAML. */
    YAML,
    /** Bare values, tab-separated, one row per line, no headers: for shell pipelines. */
    VALUE
}
