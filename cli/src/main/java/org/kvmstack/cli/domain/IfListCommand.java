package org.kvmstack.cli.domain;

import java.util.List;
import org.kvmstack.cli.CliContext;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.host.DomainInspector;
import org.kvmstack.virt.host.DomainInspector.InterfaceRow;
import picocli.CommandLine.Command;

/** {@code kvmstack domain iflist NAME}, as {@code virsh domiflist}. */
@Command(name = "iflist", description = "List the domain's network interfaces (as virsh domiflist).")
public final class IfListCommand extends DomainTableCommand<InterfaceRow> {
    IfListCommand(CliContext context) {
        super(context);
    }

    @Override
    List<InterfaceRow> read(DomainInspector inspector, DomainRef domain) {
        return inspector.interfaces(domain);
    }

    @Override
    List<String> columns() {
        return List.of("INTERFACE", "TYPE", "SOURCE", "MODEL", "MAC");
    }

    @Override
    List<List<String>> rows(List<InterfaceRow> interfaces) {
        return interfaces.stream()
                .map(nic -> List.of(Cells.orDash(nic.target()), Cells.orDash(nic.type()), Cells.orDash(nic.source()),
                        Cells.orDash(nic.model()), Cells.orDash(nic.mac())))
                .toList();
    }
}
