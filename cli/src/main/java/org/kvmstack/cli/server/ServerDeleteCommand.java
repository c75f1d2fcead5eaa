package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kvmstack server delete SERVER… [--wait]}. */
@Command(name = "delete", description = "Delete servers.")
public final class ServerDeleteCommand extends CloudCommand {
    @Parameters(paramLabel = "SERVER", arity = "1..*", description = "Names or ids.")
    private List<String> servers;

    @Mixin
    private WaitOptions waiting;

    ServerDeleteCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        for (String nameOrId : servers) {
            JsonNode server = Servers.find(client, nameOrId);
            String id = server.path("id").asText();
            client.delete(ServiceType.COMPUTE, Servers.path(id));
            if (waiting.wait) {
                waiting.waiter(client, err()).untilDeleted(id, server.path("name").asText(nameOrId));
            }
        }
        return null;
    }
}
