package org.kvmstack.cli;

import org.kvmstack.cli.serve.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the {@code kvmstack} command. */
@Command(name = "kvmstack", mixinStandardHelpOptions = true,
        description = "A private cloud for KVM/QEMU hosts, driven through libvirt.",
        subcommands = {
            ServeCommand.class,
        })
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
