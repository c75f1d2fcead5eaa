package org.kvmstack.cli.domain;

import java.util.List;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.ConnectOption;
import org.kvmstack.cli.DomainArgument;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.output.OutputOptions;
import org.kvmstack.cli.output.Printer;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.host.DomainInspector;
import org.kvmstack.virt.DomainRef;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A domain command that reads a list of rows from one domain and prints them as a table (or
 * JSON): the connection, the domain argument and the output options are shared; a subclass says
 * what to read and how a row looks.
 *
 * @param <R> the inspected record, printed as is by {@code -o json}
 */
abstract class DomainTableCommand<R> implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectOption connect;

    @Mixin
    private DomainArgument domain;

    @Mixin
    private OutputOptions output;

    DomainTableCommand(CliContext context) {
        this.context = context;
    }

    /** Reads the records of the domain. */
    abstract List<R> read(DomainInspector inspector, DomainRef domain);

    /** The table's column headings. */
    abstract List<String> columns();

    /** The table rows of the records (a record may give several rows, or one of dashes). */
    abstract List<List<String>> rows(List<R> records);

    @Override
    public final Integer call() {
        List<R> records;
        try (VirtConnection host = context.connector().open(connect.resolve(context.environment()))) {
            records = read(new DomainInspector(host), domain.ref());
        }
        new Printer(spec.commandLine().getOut(), output.format())
                .print(Result.of(records, new View.Table(columns(), rows(records))));
        return ExitCode.OK;
    }
}
