package org.kvmstack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run, printed as one table for people and written as JSON for scripts; both come from the
 * same list, so they never disagree.
 */
public final class Report {
    private static final List<String> HEADER = List.of("figure", "unit", "kvmstack", "raw libvirt", "ratio", "target", "verdict");

    private final List<Figure> figures;
    private final Map<String, String> context;
    private final Instant when;

    /**
     * @param context facts about the run printed above the table and stored in the JSON (host, cores, versions)
     */
    public Report(List<Figure> figures, Map<String, String> context, Instant when) {
        this.figures = List.copyOf(figures);
        this.context = Map.copyOf(context);
        this.when = when;
    }

    public List<Figure> figures() {
        return figures;
    }

    /** The table, with each figure's note listed below it by number. */
    public String table() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Figure f : figures) {
            rows.add(List.of(f.label(), f.unit(), cell(f.kvmstack()), cell(f.baseline()),
                    f.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f×", f.ratio()),
                    String.join(" and ", f.targets().stream().map(Target::describe).toList()), f.verdict().text()));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("kvmstack benchmark, ").append(when).append('\n');
        context.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            for (int i = 0; i < row.size(); i++) {
                boolean numeric = i >= 2 && i <= 4;
                String cell = row.get(i);
                String pad = " ".repeat(widths[i] - cell.length());
                out.append(i == 0 ? "" : "  ").append(numeric && r > 0 ? pad + cell : cell + pad);
            }
            out.append('\n');
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                }
                out.append('\n');
            }
        }
        out.append("notes:\n");
        for (int i = 0; i < figures.size(); i++) {
            if (!figures.get(i).note().isEmpty()) {
                out.append("  ").append(figures.get(i).label()).append(": ").append(figures.get(i).note()).append('\n');
            }
        }
        return out.toString();
    }

    /** The same figures as a JSON document. */
    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("time", when.toString());
        ObjectNode ctx = root.putObject("context");
        context.forEach(ctx::put);
        ArrayNode list = root.putArray("figures");
        for (Figure f : figures) {
            ObjectNode node = list.addObject();
            node.put("id", f.id());
            node.put("label", f.label());
            node.put("unit", f.unit());
            putNullable(node, "kvmstack", f.kvmstack());
            putNullable(node, "baseline", f.baseline());
            putNullable(node, "ratio", f.ratio());
            ArrayNode targets = node.putArray("targets");
            f.targets().forEach(t -> targets.add(t.describe()));
            node.put("verdict", f.verdict().name().toLowerCase(Locale.ROOT));
            node.put("note", f.note());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("report JSON", e);
        }
    }

    /** Writes {@link #json()} to {@code file}, creating its directory. */
    public void writeJson(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, json() + "\n");
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String cell(Double value) {
        return value == null ? "n/a" : number(value);
    }

    private static void putNullable(ObjectNode node, String key, Double value) {
        if (value == null) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }
}
