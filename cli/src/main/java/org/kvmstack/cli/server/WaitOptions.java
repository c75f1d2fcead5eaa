package org.kvmstack.cli.server;

import java.io.PrintWriter;
import java.time.Duration;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.Terminal;
import picocli.CommandLine.Option;

/** {@code --wait} and its bound, for the server commands that change a server's state. */
final class WaitOptions {
    @Option(names = "--wait", description = "Wait until the server gets there, showing progress on stderr.")
    boolean wait;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 600;

    ServerWaiter waiter(OpenStackClient client, PrintWriter err) {
        return new ServerWaiter(client, err, Terminal.stderrIsTerminal(), Duration.ofSeconds(Math.max(1, timeoutSeconds)),
                ServerWaiter.Pacer.SYSTEM);
    }
}
