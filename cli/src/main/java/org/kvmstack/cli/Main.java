package org.kvmstack.cli;

import java.io.PrintWriter;
import org.kvmstack.cli.domain.AddressesCommand;
import org.kvmstack.cli.domain.BlkListCommand;
import org.kvmstack.cli.domain.DomainInfoCommand;
import org.kvmstack.cli.domain.DomainCommand;
import org.kvmstack.cli.domain.DumpXmlCommand;
import org.kvmstack.cli.domain.IfListCommand;
import org.kvmstack.cli.host.DomainsCommand;
import org.kvmstack.cli.host.HostInfoCommand;
import org.kvmstack.cli.host.HostCommand;
import org.kvmstack.cli.host.NumaCommand;
import org.kvmstack.cli.host.ValidateCommand;
import org.kvmstack.cli.serve.ServeCommand;
import picocli.CommandLine;

/** Entry point of the {@code kvmstack} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(CliContext.system(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                args));
    }

    /** Runs one command line and returns its exit code (see {@link ExitCode}); never calls {@code System.exit}. */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(context);
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** Every command of {@code kvmstack}, registered here and nowhere else. */
    static CommandLine commandLine(CliContext context) {
        CliFactory factory = new CliFactory(context);
        ErrorReporter errors = new ErrorReporter();
        CommandLine root = new CommandLine(KvmstackCommand.class, factory);
        root.addSubcommand(ServeCommand.class);

        CommandLine host = new CommandLine(HostCommand.class, factory);
        host.addSubcommand(ValidateCommand.class);
        host.addSubcommand(HostInfoCommand.class);
        host.addSubcommand(NumaCommand.class);
        host.addSubcommand(DomainsCommand.class);
        root.addSubcommand(host);

        CommandLine domain = new CommandLine(DomainCommand.class, factory);
        domain.addSubcommand(DumpXmlCommand.class);
        domain.addSubcommand(IfListCommand.class);
        domain.addSubcommand(BlkListCommand.class);
        domain.addSubcommand(DomainInfoCommand.class);
        domain.addSubcommand(AddressesCommand.class);
        root.addSubcommand(domain);

        CloudCommands.register(root, factory);

        root.setParameterExceptionHandler(errors);
        root.setExecutionExceptionHandler(errors);
        return root;
    }
}
