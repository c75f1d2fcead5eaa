package org.kvmstack.cli.keypair;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ResourceViews;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvmstack keypair import NAME --public-key FILE}: registers an existing public key. */
@Command(name = "import", description = "Import an existing public key (e.g. ~/.ssh/id_ed25519.pub).")
public final class KeypairImportCommand extends CloudCommand {
    @Parameters(paramLabel = "NAME", description = "Key pair name.")
    private String name;

    @Option(names = "--public-key", paramLabel = "FILE", required = true, description = "OpenSSH public key file.")
    private Path publicKeyFile;

    KeypairImportCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        String publicKey;
        try {
            publicKey = Files.readString(publicKeyFile).strip();
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + publicKeyFile + ": " + e.getMessage(), e);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("keypair").put("name", name).put("public_key", publicKey);
        return ResourceViews.show(client.post(ServiceType.COMPUTE, "/os-keypairs", body).path("keypair"));
    }
}
