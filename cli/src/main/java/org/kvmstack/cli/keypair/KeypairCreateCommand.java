package org.kvmstack.cli.keypair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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

/**
 * {@code kvmstack keypair create NAME}: the cloud generates the key pair; its private key is
 * returned this once. Written to {@code --private-key FILE} (mode 0600, never overwritten), else
 * printed on stdout like {@code openstack keypair create}.
 */
@Command(name = "create", description = "Create a key pair; the private key is shown (or saved) only now.")
public final class KeypairCreateCommand extends CloudCommand {
    @Parameters(paramLabel = "NAME", description = "Key pair name.")
    private String name;

    @Option(names = "--private-key", paramLabel = "FILE", description = "Save the private key here (mode 0600).")
    private Path privateKeyFile;

    KeypairCreateCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        if (privateKeyFile != null && Files.exists(privateKeyFile)) {
            // checked before the cloud creates the pair: a refused file must not leave a key nobody holds
            throw new CommandFailedException(privateKeyFile + " exists; choose another --private-key file");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("keypair").put("name", name);
        JsonNode keypair = client.post(ServiceType.COMPUTE, "/os-keypairs", body).path("keypair");
        String privateKey = keypair.path("private_key").asText("");
        if (privateKeyFile == null) {
            out().print(privateKey.endsWith("\n") ? privateKey : privateKey + "\n");
            out().flush();
            return null;
        }
        save(privateKey);
        ObjectNode shown = keypair.deepCopy();
        shown.remove("private_key");
        shown.put("private_key_file", privateKeyFile.toAbsolutePath().toString());
        return ResourceViews.show(shown);
    }

    private void save(String privateKey) {
        try {
            Files.writeString(privateKeyFile, "", StandardOpenOption.CREATE_NEW);
            Files.setPosixFilePermissions(privateKeyFile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(privateKeyFile, privateKey, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailedException(privateKeyFile + " appeared meanwhile; key pair " + name
                    + " was created, delete it and run again", e);
        } catch (IOException e) {
            throw new CommandFailedException("cannot write the private key to " + privateKeyFile + ": "
                    + e.getMessage() + "; key pair " + name + " was created, delete it and run again", e);
        }
    }
}
