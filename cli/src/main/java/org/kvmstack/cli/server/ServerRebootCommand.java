package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.kvmstack.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kvmstack server reboot SERVER… [--hard] [--wait]}. */
@Command(name = "reboot", description = "Reboot servers (soft: ACPI; --hard: reset).")
public final class ServerRebootCommand extends ServerLifecycleCommand {
    @Option(names = "--hard", description = "Reset the server instead of asking its OS to reboot.")
    private boolean hard;

    ServerRebootCommand(CliContext context) {
        super(context);
    }

    @Override
    Request request(JsonNode server) {
        return new Request("reboot", ObjectNodes.object().put("type", hard ? "HARD" : "SOFT"), Set.of("ACTIVE"));
    }
}
