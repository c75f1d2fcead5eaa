package org.kvmstack.cli.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;
import picocli.CommandLine.Command;

import static org.kvmstack.cli.client.ResourceViews.text;

/** {@code kvmstack flavor list}. */
@Command(name = "list", description = "List flavors.")
public final class FlavorListCommand extends CloudCommand {
    FlavorListCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        JsonNode flavors = Flavors.list(client);
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode flavor : flavors) {
            rows.add(List.of(text(flavor, "id"), text(flavor, "name"), text(flavor, "ram"), text(flavor, "disk"),
                    text(flavor, "vcpus"), text(flavor, "os-flavor-access:is_public")));
        }
        return Result.of(flavors, new View.Table(List.of("ID", "NAME", "RAM", "DISK", "VCPUS", "PUBLIC"), rows));
    }
}
