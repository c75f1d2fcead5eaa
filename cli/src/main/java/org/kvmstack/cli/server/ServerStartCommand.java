package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.kvmstack.cli.CliContext;
import picocli.CommandLine.Command;

/** {@code kvmstack server start SERVER… [--wait]}. */
@Command(name = "start", description = "Start servers.")
public final class ServerStartCommand extends ServerLifecycleCommand {
    ServerStartCommand(CliContext context) {
        super(context);
    }

    @Override
    Request request(JsonNode server) {
        return new Request("os-start", ObjectNodes.none(), Set.of("ACTIVE"));
    }
}
