package org.kvmstack.cli;

import org.kvmstack.cli.flavor.FlavorCommand;
import org.kvmstack.cli.flavor.FlavorCreateCommand;
import org.kvmstack.cli.flavor.FlavorDeleteCommand;
import org.kvmstack.cli.flavor.FlavorListCommand;
import org.kvmstack.cli.flavor.FlavorShowCommand;
import org.kvmstack.cli.image.ImageCommand;
import org.kvmstack.cli.image.ImageCreateCommand;
import org.kvmstack.cli.image.ImageDeleteCommand;
import org.kvmstack.cli.image.ImageListCommand;
import org.kvmstack.cli.image.ImageShowCommand;
import org.kvmstack.cli.image.ImageUploadCommand;
import org.kvmstack.cli.keypair.KeypairCommand;
import org.kvmstack.cli.keypair.KeypairCreateCommand;
import org.kvmstack.cli.keypair.KeypairDeleteCommand;
import org.kvmstack.cli.keypair.KeypairImportCommand;
import org.kvmstack.cli.keypair.KeypairListCommand;
import org.kvmstack.cli.keypair.KeypairShowCommand;
import org.kvmstack.cli.server.ServerCreateCommand;
import org.kvmstack.cli.server.ServerListCommand;
import org.kvmstack.cli.server.ServerShowCommand;
import org.kvmstack.cli.server.ServerStartCommand;
import org.kvmstack.cli.server.ServerStopCommand;
import org.kvmstack.cli.server.ServerCloneCommand;
import org.kvmstack.cli.server.ServerRebootCommand;
import org.kvmstack.cli.server.ServerPauseCommand;
import org.kvmstack.cli.server.ServerResumeCommand;
import org.kvmstack.cli.server.ServerDeleteCommand;
import org.kvmstack.cli.server.ServerConsoleLogCommand;
import org.kvmstack.cli.server.ServerSerialConsoleCommand;
import org.kvmstack.cli.server.ServerCommand;
import org.kvmstack.cli.quickstart.QuickstartCommand;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * The commands that talk to a cloud over the OpenStack REST APIs, registered under the root by
 * {@link Main}; kept here so that Main stays one line per command family.
 */
final class CloudCommands {
    private CloudCommands() {}

    static void register(CommandLine root, IFactory factory) {
        CommandLine server = new CommandLine(ServerCommand.class, factory);
        server.addSubcommand(ServerCreateCommand.class);
        server.addSubcommand(ServerListCommand.class);
        server.addSubcommand(ServerShowCommand.class);
        server.addSubcommand(ServerStartCommand.class);
        server.addSubcommand(ServerStopCommand.class);
        server.addSubcommand(ServerRebootCommand.class);
        server.addSubcommand(ServerPauseCommand.class);
        server.addSubcommand(ServerResumeCommand.class);
        server.addSubcommand(ServerDeleteCommand.class);
        server.addSubcommand(ServerConsoleLogCommand.class);
        server.addSubcommand(ServerSerialConsoleCommand.class);
        server.addSubcommand(ServerCloneCommand.class);
        root.addSubcommand(server);

        CommandLine flavor = new CommandLine(FlavorCommand.class, factory);
        flavor.addSubcommand(FlavorListCommand.class);
        flavor.addSubcommand(FlavorShowCommand.class);
        flavor.addSubcommand(FlavorCreateCommand.class);
        flavor.addSubcommand(FlavorDeleteCommand.class);
        root.addSubcommand(flavor);

        CommandLine keypair = new CommandLine(KeypairCommand.class, factory);
        keypair.addSubcommand(KeypairCreateCommand.class);
        keypair.addSubcommand(KeypairImportCommand.class);
        keypair.addSubcommand(KeypairListCommand.class);
        keypair.addSubcommand(KeypairShowCommand.class);
        keypair.addSubcommand(KeypairDeleteCommand.class);
        root.addSubcommand(keypair);

        CommandLine image = new CommandLine(ImageCommand.class, factory);
        image.addSubcommand(ImageCreateCommand.class);
        image.addSubcommand(ImageUploadCommand.class);
        image.addSubcommand(ImageListCommand.class);
        image.addSubcommand(ImageShowCommand.class);
        image.addSubcommand(ImageDeleteCommand.class);
        root.addSubcommand(image);

        root.addSubcommand(new CommandLine(QuickstartCommand.class, factory));
    }
}
