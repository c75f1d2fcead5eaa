package org.kvmstack.cli.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.ConnectOption;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.DomainArgument;
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

/** {@code kvmstack domain iflist NAME}, as {@code virsh domiflist}. */
@Command(name = "iflist", description = "List the domain's network interfaces (as virsh domiflist).")
public final class IfListCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectOption connect;

    @Mixin
    private DomainArgument domain;

    @Mixin
    private OutputOptions output;

    IfListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<DomainInspector.InterfaceRow> interfaces;
        try (VirtConnection host = context.connector().open(connect.resolve(context.environment()))) {
            interfaces = new DomainInspector(host).interfaces(domain.ref());
        }
        List<List<String>> rows = new ArrayList<>();
        for (DomainInspector.InterfaceRow nic : interfaces) {
            rows.add(List.of(Cells.orDash(nic.target()), Cells.orDash(nic.type()), Cells.orDash(nic.source()),
                    Cells.orDash(nic.model()), Cells.orDash(nic.mac())));
        }
        new Printer(spec.commandLine().getOut(), output.format()).print(Result.of(interfaces,
                new View.Table(List.of("INTERFACE", "TYPE", "SOURCE", "MODEL", "MAC"), rows)));
        return ExitCode.OK;
    }
}
