package org.kvmstack.cli.domain;

import java.util.List;
import org.kvmstack.cli.CliContext;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.host.DomainInspector;
import org.kvmstack.virt.host.DomainInspector.DiskRow;
import picocli.CommandLine.Command;

/** {@code kvmstack domain blklist NAME}, as {@code virsh domblklist --details}. */
@Command(name = "blklist", description = "List the domain's disks (as virsh domblklist --details).")
public final class BlkListCommand extends DomainTableCommand<DiskRow> {
    BlkListCommand(CliContext context) {
        super(context);
    }

    @Override
    List<DiskRow> read(DomainInspector inspector, DomainRef domain) {
        return inspector.disks(domain);
    }

    @Override
    List<String> columns() {
        return List.of("TARGET", "DEVICE", "SOURCE");
    }

    @Override
    List<List<String>> rows(List<DiskRow> disks) {
        return disks.stream()
                .map(disk -> List.of(Cells.orDash(disk.target()), Cells.orDash(disk.device()), Cells.orDash(disk.source())))
                .toList();
    }
}
