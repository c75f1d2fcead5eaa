package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvmstack server clone SERVER --count N [--name-prefix P] [--wait]}: posts the kvmstack extension action
 * {@code kvmstack:clone} on a stopped server and lists the new servers; with {@code --wait}, waits until each is
 * ACTIVE (an ERROR fails the command with the clone's fault).
 */
@Command(name = "clone", description = "Clone a stopped server into N new servers (own names, ports, identity).")
public final class ServerCloneCommand extends CloudCommand {
    @Parameters(paramLabel = "SERVER", description = "Name or id of a stopped server.")
    private String server;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "How many clones (1-10, default 1).")
    private int count = 1;

    @Option(names = "--name-prefix", paramLabel = "P",
            description = "Clones are named P-1..P-N (default: the source server's name).")
    private String namePrefix;

    @Mixin
    private WaitOptions waiting;

    ServerCloneCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        if (count < 1 || count > 10) {
            throw new CommandFailedException("--count must be between 1 and 10, got " + count);
        }
        JsonNode source = Servers.find(client, server);
        ObjectNode argument = ObjectNodes.object();
        argument.put("count", count);
        if (namePrefix != null) {
            argument.put("name", namePrefix);
        }
        JsonNode answer = Servers.action(client, source.path("id").asText(), "kvmstack:clone", argument);
        List<JsonNode> shown = new ArrayList<>();
        for (JsonNode clone : answer.path("servers")) {
            String id = clone.path("id").asText();
            shown.add(waiting.wait
                    ? waiting.waiter(client, err()).until(id, clone.path("name").asText(id), Set.of("ACTIVE"))
                    : Servers.get(client, id));
        }
        ArrayNode servers = ObjectNodes.object().arrayNode();
        shown.forEach(servers::add);
        return ServerViews.table(servers);
    }
}
