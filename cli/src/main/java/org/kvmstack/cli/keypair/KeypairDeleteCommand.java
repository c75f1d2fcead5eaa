package org.kvmstack.cli.keypair;

import java.util.List;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.ClientException;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.client.UrlParts;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvmstack keypair delete NAME…}. */
@Command(name = "delete", description = "Delete key pairs.")
public final class KeypairDeleteCommand extends CloudCommand {
    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Key pair names.")
    private List<String> names;

    KeypairDeleteCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        for (String name : names) {
            try {
                client.delete(ServiceType.COMPUTE, "/os-keypairs/" + UrlParts.segment(name));
            } catch (ClientException e) {
                throw Keypairs.notFound(name, e);
            }
        }
        return null;
    }
}
