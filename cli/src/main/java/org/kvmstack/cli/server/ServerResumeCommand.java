package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import picocli.CommandLine.Command;

/**
 * {@code kvmstack server resume SERVER… [--wait]}: the way back from {@code pause} (Nova's
 * {@code unpause}) or from a suspension ({@code resume}); which one follows from the server's status.
 */
@Command(name = "resume", description = "Resume paused or suspended servers.")
public final class ServerResumeCommand extends ServerLifecycleCommand {
    ServerResumeCommand(CliContext context) {
        super(context);
    }

    @Override
    Request request(JsonNode server) {
        String status = server.path("status").asText();
        return switch (status) {
            case "PAUSED" -> new Request("unpause", ObjectNodes.none(), Set.of("ACTIVE"));
            case "SUSPENDED" -> new Request("resume", ObjectNodes.none(), Set.of("ACTIVE"));
            default -> throw new CommandFailedException("server " + server.path("name").asText() + " is " + status
                    + ", neither PAUSED nor SUSPENDED: nothing to resume");
        };
    }
}
