package org.kvmstack.cli.domain;

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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmstack domain dumpxml NAME}. */
@Command(name = "dumpxml", description = "Print the domain's XML (live, or the persistent definition).")
public final class DumpXmlCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectOption connect;

    @Mixin
    private DomainArgument domain;

    @Mixin
    private OutputOptions output;

    @Option(names = "--inactive", description = "The persistent definition rather than the running one.")
    private boolean inactive;

    @Option(names = "--security-info", description = "Include passwords (e.g. VNC).")
    private boolean secure;

    DumpXmlCommand(CliContext context) {
        this.context = context;
    }

    /** The JSON/YAML shape: the XML as one string. */
    record XmlData(String domain, String xml) {}

    @Override
    public Integer call() {
        String xml;
        try (VirtConnection host = context.connector().open(connect.resolve(context.environment()))) {
            xml = new DomainInspector(host).dumpXml(domain.ref(), inactive, secure);
        }
        String text = xml.endsWith("\n") ? xml.substring(0, xml.length() - 1) : xml;
        new Printer(spec.commandLine().getOut(), output.format())
                .print(Result.of(new XmlData(domain.ref().toString(), xml), new View.Line(text)));
        return ExitCode.OK;
    }
}
