package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.output.OutputFormat;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvmstack server console-log SERVER [--lines N]}: the serial console output so far. */
@Command(name = "console-log", description = "Show a server's console output.")
public final class ServerConsoleLogCommand extends CloudCommand {
    @Parameters(paramLabel = "SERVER", description = "Name or id.")
    private String server;

    @Option(names = "--lines", paramLabel = "N", description = "Only the last N lines.")
    private Integer lines;

    ServerConsoleLogCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        String id = Servers.find(client, server).path("id").asText();
        ObjectNode argument = ObjectNodes.object();
        if (lines != null) {
            argument.put("length", lines);
        }
        JsonNode answer = Servers.action(client, id, "os-getConsoleOutput", argument);
        String output = answer.path("output").asText("");
        if (this.output.format() == OutputFormat.JSON || this.output.format() == OutputFormat.YAML) {
            return Result.of(Map.of("output", output));
        }
        // the log as the guest wrote it, not wrapped in a view: people pipe it to grep
        out().print(output.endsWith("\n") || output.isEmpty() ? output : output + "\n");
        out().flush();
        return null;
    }
}
