package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.kvmstack.cli.CliContext;
import picocli.CommandLine.Command;

/** {@code kvmstack server pause SERVER… [--wait]}. */
@Command(name = "pause", description = "Pause servers (their memory stays, CPUs stop).")
public final class ServerPauseCommand extends ServerLifecycleCommand {
    ServerPauseCommand(CliContext context) {
        super(context);
    }

    @Override
    Request request(JsonNode server) {
        return new Request("pause", ObjectNodes.none(), Set.of("PAUSED"));
    }
}
