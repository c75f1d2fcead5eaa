package org.kvmstack.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.util.List;

/** Prints a {@link Result} in the chosen {@link OutputFormat}; the only place that knows the formats. */
public final class Printer {
    private static final String COLUMN_GAP = "  ";

    private final PrintWriter out;
    private final OutputFormat format;

    public Printer(PrintWriter out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    public void print(Result result) {
        switch (format) {
            case JSON -> out.println(serialize(new ObjectMapper(), result.data()));
            case YAML -> out.print(serialize(new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)), result.data()));
            case TABLE -> printViews(result.views(), true);
            case VALUE -> printViews(result.views(), false);
        }
        out.flush();
    }

    private static String serialize(ObjectMapper mapper, Object data) {
        try {
            return mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(data);
        } catch (JsonProcessingException e) {
            // our result types are plain records, lists and maps: failing here is a programming error
            throw new IllegalStateException("cannot serialize " + data.getClass().getName(), e);
        }
    }

    private void printViews(List<View> views, boolean forPeople) {
        for (View view : views) {
            if (view instanceof View.Table table) {
                if (forPeople) {
                    printAligned(table);
                } else {
                    table.rows().forEach(row -> out.println(String.join("\t", row)));
                }
            } else if (view instanceof View.Fields fields) {
                printFields(fields, forPeople);
            } else if (view instanceof View.Notes notes) {
                if (forPeople) {
                    printFields(new View.Fields(notes.notes()), true);
                }
            } else if (view instanceof View.Heading heading) {
                if (forPeople) {
                    out.println();
                    if (!heading.text().isEmpty()) {
                        out.println(heading.text());
                    }
                }
            } else if (view instanceof View.Line line) {
                out.println(line.text());
            }
        }
    }

    private void printAligned(View.Table table) {
        int columns = table.headers().size();
        int[] widths = new int[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = table.headers().get(c).length();
            for (List<String> row : table.rows()) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        printRow(table.headers(), widths);
        for (List<String> row : table.rows()) {
            printRow(row, widths);
        }
    }

    private void printRow(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            boolean last = c == cells.size() - 1;
            line.append(last ? cells.get(c) : pad(cells.get(c), widths[c]) + COLUMN_GAP);
        }
        out.println(line.toString().stripTrailing());
    }

    private void printFields(View.Fields fields, boolean forPeople) {
        int width = fields.fields().stream().mapToInt(f -> f.label().length() + 1).max().orElse(0);
        for (View.Field field : fields.fields()) {
            out.println(forPeople ? pad(field.label() + ":", width) + " " + field.value() : field.value());
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
