package org.kvmstack.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The root {@code kvmstack} command; its subcommands are registered in {@link Main#commandLine}. */
@Command(name = "kvmstack", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT, sortOptions = false,
        description = "A private cloud for KVM/QEMU hosts, driven through libvirt.",
        footer = {"", "Exit codes: 0 done, 1 the command failed, 2 the command line was wrong."})
public final class KvmstackCommand extends GroupCommand {
}
