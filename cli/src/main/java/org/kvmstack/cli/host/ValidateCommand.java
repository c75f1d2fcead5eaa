package org.kvmstack.cli.host;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.ConnectOption;
import org.kvmstack.cli.ExitCode;
import org.kvmstack.cli.output.OutputOptions;
import org.kvmstack.cli.output.Printer;
import org.kvmstack.cli.output.Result;
import org.kvmstack.cli.output.View;
import org.kvmstack.virt.validate.CheckResult;
import org.kvmstack.virt.validate.CheckStatus;
import org.kvmstack.virt.validate.DomainType;
import org.kvmstack.virt.validate.HostValidator;
import org.kvmstack.virt.validate.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmstack host validate}: can this host run guests, and with which domain type. */
@Command(name = "validate", description = {
    "Check that this host can run guests (virt-host-validate and more) and say which domain type they get:"
            + " kvm, or qemu (TCG software emulation) and why.",
    "Exit 0 when guests can run (even only under TCG), 1 when a check FAILs."})
public final class ValidateCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectOption connect;

    @Mixin
    private OutputOptions output;

    @Option(names = "--skip", paramLabel = "CHECK", split = ",",
            description = "Do not run these checks (repeatable or comma-separated), e.g. --skip libvirtd.")
    private List<String> skip = new ArrayList<>();

    ValidateCommand(CliContext context) {
        this.context = context;
    }

    /** The JSON/YAML shape of one check. */
    record CheckData(String name, String status, String reason, String remedy) {}

    /** The JSON/YAML shape of the verdict. */
    record VerdictData(String domainType, boolean accelerated, List<String> reasons, String summary) {}

    /** The JSON/YAML shape of the whole report. */
    record ValidationData(String uri, List<CheckData> checks, VerdictData verdict, boolean canRunGuests) {}

    @Override
    public Integer call() {
        String uri = connect.resolve(context.environment());
        Set<String> skipped = new LinkedHashSet<>(skip);
        HostValidator validator = context.validators().get();
        ValidationReport report = validator.validate(uri, skipped);

        new Printer(spec.commandLine().getOut(), output.format()).print(present(uri, report));
        if (report.canRunGuests()) {
            return ExitCode.OK;
        }
        List<String> failed = report.checks().stream().filter(c -> c.status() == CheckStatus.FAIL)
                .map(CheckResult::name).toList();
        // the report is printed; the failure line goes to stderr like every other error (exit 1)
        throw new CommandFailedException("this host cannot run guests: " + String.join(", ", failed) + " failed");
    }

    private static Result present(String uri, ValidationReport report) {
        List<CheckData> checks = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<View.Field> remedies = new ArrayList<>();
        for (CheckResult check : report.checks()) {
            checks.add(new CheckData(check.name(), check.status().name(), check.reason(), check.remedy()));
            rows.add(List.of(check.name(), check.status().name(), check.reason()));
            if (!check.remedy().isEmpty()) {
                remedies.add(new View.Field("  " + check.name(), check.remedy()));
            }
        }
        var verdict = report.verdict();
        VerdictData verdictData = new VerdictData(verdict.domainType().libvirtName(),
                verdict.domainType() == DomainType.KVM, verdict.reasons(), verdict.summary());
        List<View> views = new ArrayList<>();
        views.add(new View.Table(List.of("CHECK", "STATUS", "REASON"), rows));
        if (!remedies.isEmpty()) {
            // remedies are long sentences: listed under the table so that the table stays readable
            views.add(new View.Heading("what to do:"));
            views.add(new View.Notes(remedies));
        }
        views.add(new View.Heading(""));
        views.add(new View.Line("verdict: " + verdict.summary()));
        return new Result(new ValidationData(uri, checks, verdictData, report.canRunGuests()), views);
    }
}
