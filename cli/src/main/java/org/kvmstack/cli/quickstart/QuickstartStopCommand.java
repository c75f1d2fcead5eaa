package org.kvmstack.cli.quickstart;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.testbed.TestBedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kvmstack quickstart stop [--purge]}: stops the controller and removes the lab host (by the PID
 * and bed directory quickstart recorded); {@code --purge} also removes the data directory.
 */
@Command(name = "stop", description = "Stop the quickstart controller and lab host; --purge also removes the data"
        + " directory (database, images, credentials, logs).")
public final class QuickstartStopCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The quickstart's data directory (default /var/lib/kvmstack).")
    private Path dataDir = QuickstartLayout.DEFAULT_DATA_DIR;

    @Option(names = "--purge", description = "Also remove the data directory and everything in it.")
    private boolean purge;

    QuickstartStopCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        QuickstartLayout layout = new QuickstartLayout(dataDir);
        PrintWriter out = spec.commandLine().getOut();
        try {
            Optional<QuickstartState> state = QuickstartState.read(layout.stateFile());
            Optional<Long> stopped = new ControllerProcess(layout).stop();
            out.println("controller: " + stopped.map(pid -> "stopped PID " + pid).orElse("not running"));
            out.flush();
            Optional<Path> bed = state.flatMap(QuickstartState::labBedDir);
            if (bed.isPresent()) {
                new LabHosts(context.connector()).destroy(bed.get());
                out.println("lab host: removed " + bed.get().getFileName() + " (processes, namespaces, mounts, files)");
            } else {
                out.println("lab host: " + state.map(s -> s.hostUri().isEmpty() ? "none"
                        : "adopted " + s.hostUri() + " left running").orElse("none"));
            }
            out.flush();
            if (purge) {
                DataDirPurge.purge(layout);
                out.println("data: removed " + layout.dataDir());
            } else {
                out.println("data: kept in " + layout.dataDir() + " (--purge removes it)");
            }
            out.flush();
            return ExitCode.OK;
        } catch (QuickstartException | TestBedException | IllegalArgumentException e) {
            throw new CommandFailedException("quickstart stop: " + e.getMessage(), e);
        }
    }
}
