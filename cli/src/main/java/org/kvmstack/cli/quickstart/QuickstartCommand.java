package org.kvmstack.cli.quickstart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.client.ClientException;
import org.kvmstack.cloud.config.ConfigException;
import org.kvmstack.testbed.TestBedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmstack quickstart}: a lab cloud on this machine in one command; {@code quickstart stop} removes it. */
@Command(name = "quickstart", subcommands = QuickstartStopCommand.class, description = {
    "Start a lab cloud on this machine: validate the host, start a lab libvirt host in its own namespaces"
            + " (or adopt one with --host-uri), start the controller in the background, upload the tiny guest image,"
            + " write clouds.yaml and openrc. Run again: reuses what runs. Stop: 'kvmstack quickstart stop [--purge]'."})
public final class QuickstartCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where everything goes (default /var/lib/kvmstack).")
    private Path dataDir = QuickstartLayout.DEFAULT_DATA_DIR;

    @Option(names = "--host-uri", paramLabel = "URI",
            description = "Adopt this running libvirtd instead of starting a lab host (left running by stop).")
    private String hostUri;

    @Option(names = "--lab-name", paramLabel = "NAME", defaultValue = "kvmstack-lab",
            description = "Name (and namespace prefix) of the lab host's bed (default ${DEFAULT-VALUE}).")
    private String labName;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Controller listen address (default ${DEFAULT-VALUE}).")
    private String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Controller HTTP port (default ${DEFAULT-VALUE}; a later run keeps the first run's).")
    private int port;

    @Option(names = "--image", paramLabel = "FILE",
            description = "qcow2 to upload as the tiny image (default: guest/build-image.sh --print-dir/disk.qcow2).")
    private Path image;

    @Option(names = "--image-name", paramLabel = "NAME", defaultValue = "tiny",
            description = "Name of that image (default ${DEFAULT-VALUE}).")
    private String imageName;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long the controller may take to answer (default ${DEFAULT-VALUE}).")
    private long readyTimeoutSeconds;

    QuickstartCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Quickstart.Settings settings = new Quickstart.Settings(new QuickstartLayout(dataDir),
                Optional.ofNullable(hostUri), labName, bind, port, Optional.ofNullable(image), imageName,
                Duration.ofSeconds(Math.max(1, readyTimeoutSeconds)));
        try {
            new Quickstart(settings, context.environment(), context.validators(), new LabHosts(context.connector()),
                    spec.commandLine().getOut(), spec.commandLine().getErr()).run();
            return ExitCode.OK;
        } catch (QuickstartException | ClientException | ConfigException | TestBedException e) {
            throw new CommandFailedException("quickstart: " + e.getMessage(), e);
        }
    }
}
