package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A server action that moves servers to another status ({@code start}, {@code stop}, …): resolves
 * each server, posts the action, and with {@code --wait} waits for the status it leads to.
 */
abstract class ServerLifecycleCommand extends CloudCommand {
    @Parameters(paramLabel = "SERVER", arity = "1..*", description = "Names or ids.")
    private List<String> servers;

    @Mixin
    private WaitOptions waiting;

    ServerLifecycleCommand(CliContext context) {
        super(context);
    }

    /** What this command asks for: the action body and the status it ends in. */
    record Request(String action, JsonNode argument, Set<String> target) {}

    /** The action to post for a server in its current state (some commands depend on it). */
    abstract Request request(JsonNode server);

    @Override
    protected final Result run(OpenStackClient client) {
        for (String nameOrId : servers) {
            JsonNode server = Servers.find(client, nameOrId);
            String id = server.path("id").asText();
            Request request = request(server);
            Servers.action(client, id, request.action(), request.argument());
            if (waiting.wait) {
                waiting.waiter(client, err()).until(id, server.path("name").asText(nameOrId), request.target());
            }
        }
        return null;
    }
}
