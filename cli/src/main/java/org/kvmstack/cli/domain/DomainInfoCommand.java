package org.kvmstack.cli.domain;

import java.util.List;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.ConnectOption;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.DomainArgument;
import org.kvmstack.cli.StateNames;
import org.kvmstack.cli.output.OutputOptions;
import org.kvmstack.cli.output.Printer;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.host.DomainInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kvmstack domain info NAME}, as {@code virsh dominfo}. */
@Command(name = "info", description = "Show the domain's state, CPUs and memory (as virsh dominfo).")
public final class DomainInfoCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectOption connect;

    @Mixin
    private DomainArgument domain;

    @Mixin
    private OutputOptions output;

    DomainInfoCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        DomainInspector.Overview o;
        try (VirtConnection host = context.connector().open(connect.resolve(context.environment()))) {
            o = new DomainInspector(host).overview(domain.ref());
        }
        // the labels and units of virsh dominfo
        View.Fields fields = new View.Fields(List.of(
                new View.Field("Id", o.id() < 0 ? "-" : String.valueOf(o.id())),
                new View.Field("Name", o.name()),
                new View.Field("UUID", o.uuid().toString()),
                new View.Field("OS Type", o.osType()),
                new View.Field("State", StateNames.of(o.state())),
                new View.Field("CPU(s)", String.valueOf(o.vcpus())),
                new View.Field("CPU time", String.format("%.1fs", o.cpuTimeNanos() / 1e9)),
                new View.Field("Max memory", o.maxMemoryKiB() + " KiB"),
                new View.Field("Used memory", o.usedMemoryKiB() + " KiB"),
                new View.Field("Persistent", o.persistent() ? "yes" : "no"),
                new View.Field("Autostart", o.autostart() ? "enable" : "disable")));
        new Printer(spec.commandLine().getOut(), output.format()).print(Result.of(o, fields));
        return ExitCode.OK;
    }
}
