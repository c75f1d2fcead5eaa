package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ResourceViews;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.flavor.Flavors;
import org.kvmstack.cli.image.Images;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvmstack server create NAME --image … --flavor … [--network …] [--key-name …] [--user-data FILE] [--wait]}. */
@Command(name = "create", description = "Create a server from an image and a flavor.")
public final class ServerCreateCommand extends CloudCommand {
    /** Nova refuses user data above 64 KiB once base64-encoded. */
    private static final int MAX_USER_DATA_BASE64 = 65535;

    @Parameters(paramLabel = "NAME", description = "Server name.")
    private String name;

    @Option(names = "--image", paramLabel = "IMAGE", required = true, description = "Image name or id.")
    private String image;

    @Option(names = "--flavor", paramLabel = "FLAVOR", required = true, description = "Flavor name or id.")
    private String flavor;

    @Option(names = "--network", paramLabel = "NETWORK",
            description = "Network name or id (repeatable; default: the cloud's default network).")
    private List<String> networks = new ArrayList<>();

    @Option(names = "--key-name", paramLabel = "KEYPAIR", description = "Key pair to put into the server.")
    private String keyName;

    @Option(names = "--user-data", paramLabel = "FILE", description = "User data file (e.g. a cloud-init script).")
    private Path userData;

    @Mixin
    private WaitOptions waiting;

    ServerCreateCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        String encodedUserData = userData == null ? null : encode(userData);
        ObjectNode body = ObjectNodes.object();
        ObjectNode server = body.putObject("server");
        server.put("name", name);
        server.put("imageRef", Images.find(client, image).path("id").asText());
        server.put("flavorRef", Flavors.find(client, flavor).path("id").asText());
        if (!networks.isEmpty()) {
            ArrayNode list = server.putArray("networks");
            networks.forEach(network -> list.addObject().put("uuid", Networks.id(client, network)));
        }
        if (keyName != null) {
            server.put("key_name", keyName);
        }
        if (encodedUserData != null) {
            server.put("user_data", encodedUserData);
        }
        JsonNode created = client.post(ServiceType.COMPUTE, "/servers", body).path("server");
        String id = created.path("id").asText();
        if (waiting.wait) {
            waiting.waiter(client, err()).until(id, name, Set.of("ACTIVE"));
        }
        return ResourceViews.show(Servers.get(client, id));
    }

    private static String encode(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read user data " + file + ": " + e.getMessage(), e);
        }
        String encoded = Base64.getEncoder().encodeToString(bytes);
        if (encoded.length() > MAX_USER_DATA_BASE64) {
            throw new CommandFailedException("user data " + file + " is " + bytes.length
                    + " bytes; at most about 48 KiB fit (64 KiB once base64-encoded)");
        }
        return encoded;
    }
}
