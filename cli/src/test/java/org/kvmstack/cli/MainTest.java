package org.kvmstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "host --bogus", "host validate --output xml", "host validate --connect",
            "nosuchcommand", "host validate extra-argument"})
    void usageErrorsExitTwoWithOneLineOnStderr(String commandLine) {
        CliRunner.Run run = CliRunner.run(commandLine.split(" "));

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("kvmstack: ").endsWith("\n");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aGroupWithoutItsCommandIsAUsageError() {
        CliRunner.Run run = CliRunner.run("host");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("kvmstack: missing command: one of validate, info, numa, domains (see 'kvmstack host --help')\n");
    }

    @Test
    void unknownOutputFormatNamesTheKnownOnes() {
        CliRunner.Run run = CliRunner.run("host", "validate", "-o", "xml");

        assertThat(run.err()).contains("unknown output format 'xml' (expected one of table, json, yaml, value)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "host --help", "host validate --help", "host validate -h"})
    void helpIsEverywhere(String commandLine) {
        CliRunner.Run run = CliRunner.run(commandLine.split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: kvmstack").contains("--help").contains("Exit codes: 0 done");
    }

    @Test
    void versionComesFromTheBuild() {
        CliRunner.Run run = CliRunner.run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("kvmstack 0.").doesNotContain("${");
    }

    @Test
    void anUnexpectedFailureIsOneLineNamingItsTypeAndExitsOne() {
        CliContext broken = new CliContext(java.util.Map.of(), () -> {
            throw new IllegalStateException("probe exploded\n  at line two");
        }, org.kvmstack.virt.VirtConnection::open);

        CliRunner.Run run = CliRunner.run(broken, "host", "validate");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).isEqualTo("kvmstack: IllegalStateException: probe exploded at line two\n");
    }
}
