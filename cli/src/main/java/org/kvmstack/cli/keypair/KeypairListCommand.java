package org.kvmstack.cli.keypair;

import static org.kvmstack.cli.client.ResourceViews.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;
import picocli.CommandLine.Command;

/** {@code kvmstack keypair list}. */
@Command(name = "list", description = "List key pairs.")
public final class KeypairListCommand extends CloudCommand {
    KeypairListCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        // Nova wraps each entry: {"keypairs": [{"keypair": {...}}]}; -o json shows the entries unwrapped
        ArrayNode keypairs = JsonNodeFactory.instance.arrayNode();
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode entry : client.get(ServiceType.COMPUTE, "/os-keypairs").path("keypairs")) {
            JsonNode keypair = entry.has("keypair") ? entry.get("keypair") : entry;
            keypairs.add(keypair);
            rows.add(List.of(text(keypair, "name"), text(keypair, "fingerprint"), text(keypair, "type")));
        }
        return Result.of(keypairs, new View.Table(List.of("NAME", "FINGERPRINT", "TYPE"), rows));
    }
}
