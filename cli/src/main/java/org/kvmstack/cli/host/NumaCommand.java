package org.kvmstack.cli.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.ConnectOption;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.output.OutputOptions;
import org.kvmstack.cli.output.Printer;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainSummary;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.host.DomainNumaMemory;
import org.kvmstack.virt.host.DomainNumaUsage;
import org.kvmstack.virt.host.NumaTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmstack host numa}: {@code numactl --hardware}, or with {@code --domains} {@code numastat -c qemu-kvm}. */
@Command(name = "numa", description = {"Show the host's NUMA cells (as numactl --hardware).",
    "With --domains, the memory of each running domain per NUMA node (as numastat -c qemu-kvm); that needs the"
            + " QEMU processes, so only for a local qemu:// URI."})
public final class NumaCommand implements Callable<Integer> {
    private static final long MIB = 1024 * 1024;
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectOption connect;

    @Mixin
    private OutputOptions output;

    @Option(names = "--domains", description = "Per-domain memory per NUMA node instead of the host's cells.")
    private boolean domains;

    @Option(names = "--qemu-run-dir", paramLabel = "DIR",
            description = "Where libvirtd keeps QEMU pid files, seen from here (default: /run/libvirt/qemu).")
    private Path qemuRunDir = DomainNumaMemory.SYSTEM_QEMU_RUN_DIR;

    NumaCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String uri = connect.resolve(context.environment());
        try (VirtConnection host = context.connector().open(uri)) {
            Printer printer = new Printer(spec.commandLine().getOut(), output.format());
            printer.print(domains ? domainUsage(host) : topology(NumaTopology.of(host)));
        }
        return ExitCode.OK;
    }

    private static Result topology(NumaTopology numa) {
        List<View> lines = new ArrayList<>();
        numa.toNumactlText().lines().forEach(line -> lines.add(new View.Line(line)));
        return new Result(numa, lines);
    }

    private Result domainUsage(VirtConnection host) {
        DomainNumaMemory reader = new DomainNumaMemory(qemuRunDir);
        List<DomainNumaUsage> usages = new ArrayList<>();
        for (DomainSummary domain : host.domains().list()) {
            if (domain.state().isActive()) {
                usages.add(reader.read(host, DomainRef.of(domain.uuid())));
            }
        }
        SortedSet<Integer> nodes = new TreeSet<>();
        usages.stream().filter(DomainNumaUsage::available).forEach(u -> nodes.addAll(u.bytesPerNode().keySet()));

        List<String> headers = new ArrayList<>(List.of("DOMAIN", "PID"));
        nodes.forEach(node -> headers.add("NODE " + node));
        headers.add("TOTAL");
        List<List<String>> rows = new ArrayList<>();
        List<View.Field> unavailable = new ArrayList<>();
        for (DomainNumaUsage usage : usages) {
            if (!usage.available()) {
                unavailable.add(new View.Field("  " + usage.domain(), usage.notAvailableReason()));
                continue;
            }
            List<String> row = new ArrayList<>(List.of(usage.domain(), String.valueOf(usage.pid())));
            nodes.forEach(node -> row.add(String.valueOf(usage.bytesPerNode().getOrDefault(node, 0L) / MIB)));
            row.add(String.valueOf(usage.totalBytes() / MIB));
            rows.add(row);
        }
        List<View> views = new ArrayList<>();
        views.add(new View.Line("Per-node domain memory usage (in MiB)"));
        views.add(new View.Table(headers, rows));
        if (!unavailable.isEmpty()) {
            views.add(new View.Heading("not available:"));
            views.add(new View.Notes(unavailable));
        }
        return new Result(usages, views);
    }
}
