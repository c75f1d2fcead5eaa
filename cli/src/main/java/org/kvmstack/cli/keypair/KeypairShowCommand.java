package org.kvmstack.cli.keypair;

import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.client.ClientException;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ResourceViews;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.client.UrlParts;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kvmstack keypair show NAME}. */
@Command(name = "show", description = "Show one key pair.")
public final class KeypairShowCommand extends CloudCommand {
    @Parameters(paramLabel = "NAME", description = "Key pair name.")
    private String name;

    KeypairShowCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        try {
            return ResourceViews.show(client.get(ServiceType.COMPUTE, "/os-keypairs/" + UrlParts.segment(name))
                    .path("keypair"));
        } catch (ClientException e) {
            throw Keypairs.notFound(name, e);
        }
    }
}
