package org.kvmstack.cli.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kvmstack.cli.CliContext;
import org.kvmstack.virt.Domains;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.InterfaceAddresses;
import org.kvmstack.virt.host.DomainInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kvmstack domain addresses NAME}, as {@code virsh domifaddr}. */
@Command(name = "addresses", description = "Show the running domain's IP addresses (as virsh domifaddr).")
public final class AddressesCommand extends DomainTableCommand<InterfaceAddresses> {
    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "LEASE",
            description = "Where to look: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: libvirt's DHCP"
                    + " leases).")
    private Domains.AddressSource source;

    AddressesCommand(CliContext context) {
        super(context);
    }

    @Override
    List<InterfaceAddresses> read(DomainInspector inspector, DomainRef domain) {
        return inspector.addresses(domain, source);
    }

    @Override
    List<String> columns() {
        return List.of("NAME", "MAC", "PROTOCOL", "ADDRESS");
    }

    @Override
    List<List<String>> rows(List<InterfaceAddresses> interfaces) {
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
        return rows;
    }
}
