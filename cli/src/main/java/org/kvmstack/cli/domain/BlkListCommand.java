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

/** {@code kvmstack domain blklist NAME}, as {@code virsh domblklist --details}. */
@Command(name = "blklist", description = "List the domain's disks (as virsh domblklist --details).")
public final class BlkListCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectOption connect;

    @Mixin
    private DomainArgument domain;

    @Mixin
    private OutputOptions output;

    BlkListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<DomainInspector.DiskRow> disks;
        try (VirtConnection host = context.connector().open(connect.resolve(context.environment()))) {
            disks = new DomainInspector(host).disks(domain.ref());
        }
        List<List<String>> rows = new ArrayList<>();
        for (DomainInspector.DiskRow disk : disks) {
            rows.add(List.of(Cells.orDash(disk.target()), Cells.orDash(disk.device()), Cells.orDash(disk.source())));
        }
        new Printer(spec.commandLine().getOut(), output.format())
                .print(Result.of(disks, new View.Table(List.of("TARGET", "DEVICE", "SOURCE"), rows)));
        return ExitCode.OK;
    }
}
