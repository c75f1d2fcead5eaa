package org.kvmstack.cli.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.ConnectOption;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.output.OutputOptions;
import org.kvmstack.cli.output.Printer;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;
import org.kvmstack.virt.VersionInfo;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.host.NodeInfo;
import org.kvmstack.virt.host.NumaTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kvmstack host info}: {@code virsh nodeinfo}, plus versions and the NUMA cells. */
@Command(name = "info", description = "Show the host's CPUs and memory (as virsh nodeinfo), hypervisor and libvirt"
        + " versions, and its NUMA cells.")
public final class HostInfoCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectOption connect;

    @Mixin
    private OutputOptions output;

    HostInfoCommand(CliContext context) {
        this.context = context;
    }

    /** The JSON/YAML shape; {@code node} has the {@code virsh nodeinfo} facts under their record names. */
    record HostInfoData(String uri, String hostname, String hypervisor, String hypervisorVersion,
                        String libvirtVersion, NodeInfo node, NumaTopology numa) {}

    @Override
    public Integer call() {
        String uri = connect.resolve(context.environment());
        try (VirtConnection host = context.connector().open(uri)) {
            VersionInfo version = host.version();
            NodeInfo node = host.nodeInfo();
            NumaTopology numa = NumaTopology.of(host);
            HostInfoData data = new HostInfoData(uri, version.hostname(), version.hypervisorType(),
                    version.hypervisorVersion().toString(), version.libvirtVersion().toString(), node, numa);
            new Printer(spec.commandLine().getOut(), output.format()).print(present(data));
        }
        return ExitCode.OK;
    }

    private static Result present(HostInfoData data) {
        NodeInfo node = data.node();
        // the labels and units of virsh nodeinfo, so that the two can be compared line by line
        View.Fields nodeInfo = new View.Fields(List.of(
                new View.Field("CPU model", node.cpuModel()),
                new View.Field("CPU(s)", String.valueOf(node.cpus())),
                new View.Field("CPU frequency", node.mhz() + " MHz"),
                new View.Field("CPU socket(s)", String.valueOf(node.sockets())),
                new View.Field("Core(s) per socket", String.valueOf(node.coresPerSocket())),
                new View.Field("Thread(s) per core", String.valueOf(node.threadsPerCore())),
                new View.Field("NUMA cell(s)", String.valueOf(node.numaCells())),
                new View.Field("Memory size", node.memoryKiB() + " KiB")));
        View.Fields versions = new View.Fields(List.of(
                new View.Field("Hostname", data.hostname()),
                new View.Field("Hypervisor", data.hypervisor() + " " + data.hypervisorVersion()),
                new View.Field("libvirt", data.libvirtVersion())));
        List<List<String>> cells = new ArrayList<>();
        for (NumaTopology.Cell cell : data.numa().cells()) {
            cells.add(List.of(String.valueOf(cell.id()), NumaText.cpuRanges(cell.cpus()),
                    NumaText.mib(cell.totalKiB()), NumaText.mib(cell.freeKiB())));
        }
        return Result.of(data, nodeInfo, new View.Heading(""), versions, new View.Heading(""),
                new View.Table(List.of("NUMA CELL", "CPUS", "MEMORY", "FREE"), cells));
    }
}
