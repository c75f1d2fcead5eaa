package org.kvmstack.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import org.kvmstack.cli.CliContext;
import org.kvmstack.cli.CommandFailedException;
import org.kvmstack.cli.StandardInput;
import org.kvmstack.cli.client.CloudCommand;
import org.kvmstack.cli.client.ClientException;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.console.ConsoleException;
import org.kvmstack.cli.console.RawTerminalMode;
import org.kvmstack.cli.console.SerialConsoleSession;
import org.kvmstack.cli.console.SessionEnd;
import org.kvmstack.cli.console.SessionLimits;
import org.kvmstack.cli.console.TextSink;
import org.kvmstack.cli.output.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvmstack server console SERVER}: the server's serial console in this terminal, through the controller's
 * websocket proxy. On a terminal: raw mode, {@code Ctrl-]} detaches. From a pipe: the input is sent, and the
 * command ends once input ended and the guest's output stayed quiet for {@code --drain} seconds.
 */
@Command(name = "console", description = {
        "Attach to a server's serial console (Ctrl-] detaches).",
        "With piped input: send it, print the output, end when the output is quiet for --drain seconds."})
public final class ServerSerialConsoleCommand extends CloudCommand {
    /** {@code remote-consoles} exists from this compute microversion on. */
    static final String REMOTE_CONSOLES_MICROVERSION = "2.6";

    @Parameters(paramLabel = "SERVER", description = "Name or id.")
    private String server;

    @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "2",
            description = "With piped input: end once the output was quiet this long after input ended (default: 2).")
    private double drainSeconds;

    @Option(names = "--session-timeout", paramLabel = "SECONDS",
            description = "End the session after this long at the latest (default: no limit).")
    private Double sessionSeconds;

    ServerSerialConsoleCommand(CliContext context) {
        super(context);
    }

    @Override
    protected Result run(OpenStackClient client) {
        JsonNode found = Servers.find(client, server);
        String id = found.path("id").asText();
        URI url = serialConsoleUrl(client, id);
        StandardInput stdin = context.stdin();
        SessionLimits limits = new SessionLimits(client.config().timeout(), seconds(drainSeconds),
                sessionSeconds == null ? null : seconds(sessionSeconds));
        SerialConsoleSession session = new SerialConsoleSession(client.httpClient(), limits);
        SessionEnd end;
        try {
            if (stdin.terminal()) {
                err().print("Connected to " + found.path("name").asText(id) + " (escape character is ^])\r\n");
                err().flush();
                try (RawTerminalMode raw = RawTerminalMode.enter()) {
                    end = session.run(url, stdin.stream(), true, new TextSink(out()));
                }
                err().println();
            } else {
                end = session.run(url, stdin.stream(), false, new TextSink(out()));
            }
        } catch (ConsoleException e) {
            throw new ClientException(e.getMessage(), e);
        }
        if (!end.ok()) {
            throw new CommandFailedException("console of " + id + " closed: " + end.detail());
        }
        if (stdin.terminal() || end.reason() == SessionEnd.Reason.CONSOLE_ENDED) {
            err().println("console of " + id + ": " + end.detail());
        }
        return null;
    }

    private static URI serialConsoleUrl(OpenStackClient client, String id) {
        ObjectNode body = ObjectNodes.object();
        ObjectNode request = body.putObject("remote_console");
        request.put("protocol", "serial");
        request.put("type", "serial");
        JsonNode answer = client.postAtComputeMicroversion(Servers.path(id) + "/remote-consoles", body,
                REMOTE_CONSOLES_MICROVERSION);
        String url = answer.path("remote_console").path("url").asText("");
        if (url.isEmpty()) {
            throw new ClientException("the compute API answered the console request without a URL");
        }
        return URI.create(url);
    }

    private static Duration seconds(double value) {
        if (value < 0 || Double.isNaN(value)) {
            throw new ClientException("a time in seconds must be >= 0, not " + value);
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
