package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.kvmstack.cli.CliContext;
import picocli.CommandLine.Command;

/** {@code kvmstack server stop SERVER… [--wait]}. */
@Command(name = "stop", description = "Stop servers (ACPI shutdown, forced after a timeout).")
public final class ServerStopCommand extends ServerLifecycleCommand {
    ServerStopCommand(CliContext context) {
        super(context);
    }

    @Override
    Request request(JsonNode server) {
        return new Request("os-stop", ObjectNodes.none(), Set.of("SHUTOFF"));
    }
}
