package org.kvmstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConnectOptionTest {
    private static String resolve(Map<String, String> environment, String... args) {
        ConnectOption option = new ConnectOption();
        new CommandLine(option).parseArgs(args);
        return option.resolve(environment);
    }

    @Test
    void defaultsToTheSystemHypervisor() {
        assertThat(resolve(Map.of())).isEqualTo("qemu:///system");
    }

    @Test
    void respectsLibvirtDefaultUri() {
        assertThat(resolve(Map.of("LIBVIRT_DEFAULT_URI", "test:///default"))).isEqualTo("test:///default");
    }

    @Test
    void theOptionWinsOverTheEnvironment() {
        assertThat(resolve(Map.of("LIBVIRT_DEFAULT_URI", "test:///default"), "--connect", "qemu+tcp://h/system"))
                .isEqualTo("qemu+tcp://h/system");
        assertThat(resolve(Map.of(), "-c", "test:///default")).isEqualTo("test:///default");
    }
}
