package org.kvmstack.cli.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.ConnectOption;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.StateNames;
import org.kvmstack.cli.output.OutputOptions;
import org.kvmstack.cli.output.Printer;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;
import org.kvmstack.virt.DomainSummary;
import org.kvmstack.virt.VirtConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kvmstack host domains}: every domain with its state, as {@code virsh list --all}. */
@Command(name = "domains", description = "List the host's domains, running and defined, with their state.")
public final class DomainsCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectOption connect;

    @Mixin
    private OutputOptions output;

    DomainsCommand(CliContext context) {
        this.context = context;
    }

    /** The JSON/YAML shape of one domain; {@code id} is null for a domain that is not running. */
    record DomainData(Integer id, String name, String uuid, String state, boolean persistent) {}

    @Override
    public Integer call() {
        String uri = connect.resolve(context.environment());
        List<DomainSummary> domains;
        try (VirtConnection host = context.connector().open(uri)) {
            domains = host.domains().list();
        }
        List<DomainData> data = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (DomainSummary d : domains) {
            String state = StateNames.of(d.state());
            data.add(new DomainData(d.id() < 0 ? null : d.id(), d.name(), d.uuid().toString(), state, d.persistent()));
            rows.add(List.of(d.id() < 0 ? "-" : String.valueOf(d.id()), d.name(), state, d.uuid().toString()));
        }
        new Printer(spec.commandLine().getOut(), output.format())
                .print(Result.of(data, new View.Table(List.of("ID", "NAME", "STATE", "UUID"), rows)));
        return ExitCode.OK;
    }
}
