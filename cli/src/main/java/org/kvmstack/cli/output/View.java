package org.kvmstack.cli.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A piece of what a person sees: a table, labelled fields, or a line of text. */
public sealed interface View permits View.Table, View.Fields, View.Notes, View.Line, View.Heading {

    /**
     * Rows under column headers.
     *
     * @param headers column titles
     * @param rows    each row has exactly one cell per header
     */
    record Table(List<String> headers, List<List<String>> rows) implements View {
        public Table {
            headers = List.copyOf(headers);
            List<List<String>> copies = new ArrayList<>();
            for (List<String> row : rows) {
                if (row.size() != headers.size()) {
                    throw new IllegalArgumentException(
                            "row has " + row.size() + " cells, table has " + headers.size() + " columns: " + row);
                }
                copies.add(List.copyOf(row));
            }
            rows = List.copyOf(copies);
        }
    }

    /** Label/value pairs, one per line, like {@code virsh nodeinfo}. */
    record Fields(List<Field> fields) implements View {
        public Fields {
            fields = List.copyOf(fields);
        }
    }

    /** Labelled explanations for people (e.g. what to do about each warning); left out of {@code -o value}. */
    record Notes(List<Field> notes) implements View {
        public Notes {
            notes = List.copyOf(notes);
        }
    }

    /** One labelled value. */
    record Field(String label, String value) {
        public Field {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A section title for people (empty: just a blank line), preceded by a blank line; left out of {@code -o value}. */
    record Heading(String text) implements View {
        public Heading {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A line of free text, e.g. a verdict; printed in every text format. */
    record Line(String text) implements View {
        public Line {
            Objects.requireNonNull(text, "text");
        }
    }
}
