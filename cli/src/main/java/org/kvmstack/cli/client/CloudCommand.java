package org.kvmstack.cli.client;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.output.OutputOptions;
import org.kvmstack.cli.output.Printer;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that talk to a cloud ({@code server}, {@code image}, {@code flavor},
 * {@code keypair}): credentials and {@code -o} come from mixins; a {@link ClientException} becomes
 * the one-line {@code kvmstack: …} error with exit code 1.
 */
public abstract class CloudCommand implements Callable<Integer> {
    protected final CliContext context;

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected CloudOptions cloud;

    @Mixin
    protected OutputOptions output;

    protected CloudCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public final Integer call() {
        try {
            Result result = run(OpenStackClient.connect(cloud.resolve(context.environment())));
            if (result != null) {
                new Printer(out(), output.format()).print(result);
            }
            return ExitCode.OK;
        } catch (ClientException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    /**
     * Does the command's work.
     *
     * @return what to print, or null when the command printed its output itself
     * @throws ClientException when the cloud refuses or cannot be reached
     */
    protected abstract Result run(OpenStackClient client);

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
