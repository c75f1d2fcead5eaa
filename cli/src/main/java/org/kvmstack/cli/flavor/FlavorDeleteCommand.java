package org.kvmstack.cli.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.client.UrlParts;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvmstack flavor delete NAME|ID…} (admin). */
@Command(name = "delete", description = "Delete flavors (admin).")
public final class FlavorDeleteCommand extends CloudCommand {
    @Parameters(paramLabel = "FLAVOR", arity = "1..*", description = "Names or ids.")
    private List<String> flavors;

    FlavorDeleteCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        for (String nameOrId : flavors) {
            JsonNode flavor = Flavors.find(client, nameOrId);
            client.delete(ServiceType.COMPUTE, "/flavors/" + UrlParts.segment(flavor.path("id").asText()));
        }
        return null;
    }
}
