package org.kvmstack.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterTest {
    record Row(String name, int cpus) {}

    private static final Result RESULT = Result.of(List.of(new Row("alpha", 1), new Row("b", 16)),
            new View.Table(List.of("NAME", "CPUS"), List.of(List.of("alpha", "1"), List.of("b", "16"))),
            new View.Heading("notes:"), new View.Notes(List.of(new View.Field("b", "is big"))),
            new View.Fields(List.of(new View.Field("Total", "17"), new View.Field("Hosts", "2"))),
            new View.Line("done"));

    private static String print(OutputFormat format) {
        StringWriter out = new StringWriter();
        new Printer(new PrintWriter(out), format).print(RESULT);
        return out.toString();
    }

    @Test
    void tableAlignsColumnsAndLabels() {
        assertThat(print(OutputFormat.TABLE)).isEqualTo("""
                NAME   CPUS
                alpha  1
                b      16

                notes:
                b: is big
                Total: 17
                Hosts: 2
                done
                """);
    }

    @Test
    void valueIsBareTabSeparatedValues() {
        assertThat(print(OutputFormat.VALUE)).isEqualTo("alpha\t1\nb\t16\n17\n2\ndone\n");
    }

    @Test
    void jsonAndYamlCarryTheDataNotTheViews() throws Exception {
        JsonNode json = new ObjectMapper().readTree(print(OutputFormat.JSON));
        assertThat(json.isArray()).isTrue();
        assertThat(json.get(1).get("name").asText()).isEqualTo("b");
        assertThat(json.get(1).get("cpus").asInt()).isEqualTo(16);

        JsonNode yaml = new YAMLMapper().readTree(print(OutputFormat.YAML));
        assertThat(yaml).isEqualTo(json);
    }

    @Test
    void aRowMustFitTheTable() {
        assertThatThrownBy(() -> new View.Table(List.of("A", "B"), List.of(List.of("only one"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 cells, table has 2 columns");
    }
}
