package org.kvmstack.cli.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.ConnectOption;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.DomainArgument;
import org.kvmstack.cli.output.OutputOptions;
import org.kvmstack.cli.output.Printer;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;
import org.kvmstack.virt.Domains;
import org.kvmstack.virt.InterfaceAddresses;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.host.DomainInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmstack domain addresses NAME}, as {@code virsh domifaddr}. */
@Command(name = "addresses", description = "Show the running domain's IP addresses (as virsh domifaddr).")
public final class AddressesCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectOption connect;

    @Mixin
    private DomainArgument domain;

    @Mixin
    private OutputOptions output;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "LEASE",
            description = "Where to look: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: libvirt's DHCP"
                    + " leases).")
    private Domains.AddressSource source;

    AddressesCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        List<InterfaceAddresses> interfaces;
        try (VirtConnection host = context.connector().open(connect.resolve(context.environment()))) {
            interfaces = new DomainInspector(host).addresses(domain.ref(), source);
        }
        List<List<String>> rows = new ArrayList<>();
        for (InterfaceAddresses nic : interfaces) {
            if (nic.addresses().isEmpty()) {
                rows.add(List.of(Cells.orDash(nic.name()), Cells.orDash(nic.mac()), "-", "-"));
            }
            for (InterfaceAddresses.IpAddress ip : nic.addresses()) {
                rows.add(List.of(Cells.orDash(nic.name()), Cells.orDash(nic.mac()),
                        ip.type().name().toLowerCase(Locale.ROOT), ip.address() + "/" + ip.prefix()));
            }
        }
        new Printer(spec.commandLine().getOut(), output.format()).print(Result.of(interfaces,
                new View.Table(List.of("NAME", "MAC", "PROTOCOL", "ADDRESS"), rows)));
        return ExitCode.OK;
    }
}
