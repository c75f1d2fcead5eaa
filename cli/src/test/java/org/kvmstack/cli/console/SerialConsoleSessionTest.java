package org.kvmstack.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session's end conditions against a real websocket server (Jetty through Javalin, as the controller's proxy)
 * standing in for a guest: {@code /upper} answers every input frame in upper case, {@code /refuse} closes with
 * 1011 like the proxy for a stopped server, {@code /ends} closes with 1000 after its first answer like a console
 * whose domain stopped. The guest end to end is {@code ServerConsoleCliIT}.
 */
class SerialConsoleSessionTest {
    private static final SessionLimits QUICK = new SessionLimits(Duration.ofSeconds(5), Duration.ofMillis(300),
            Duration.ofSeconds(20));

    private Javalin server;

    @BeforeEach
    void start() {
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.ws("/upper", ws -> ws.onBinaryMessage(ctx -> ctx.send(upper(ctx.data()))));
            config.routes.ws("/refuse", ws -> ws.onConnect(ctx -> ctx.closeSession(1011, "not running")));
            config.routes.ws("/ends", ws -> ws.onBinaryMessage(ctx -> {
                ctx.send(upper(ctx.data()));
                ctx.closeSession(1000, "console ended");
            }));
        }).start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void pipedInputIsSentAndTheAnswerArrivesBeforeTheDrainEndsTheSession() {
        StringWriter out = new StringWriter();

        SessionEnd end = session().run(url("/upper"), input("echo ks42\n"), false, new TextSink(out));

        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.INPUT_ENDED);
        assertThat(end.ok()).isTrue();
        assertThat(out.toString()).isEqualTo("ECHO KS42\n");
    }

    @Test
    void theDetachKeyEndsTheSessionAndWhatFollowsItIsNotSent() throws Exception {
        StringWriter out = new StringWriter();
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream typed = new PipedInputStream(keyboard);
        keyboard.write(new byte[] {'l', 's', EscapeScanner.DETACH, 'r', 'm'});
        keyboard.flush();

        SessionEnd end = session().run(url("/upper"), typed, true, new TextSink(out));
        keyboard.close();

        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.DETACHED);
        assertThat(out.toString()).isIn("", "LS"); // detaching does not wait for the guest's answer
        assertThat(out.toString()).doesNotContain("RM");
    }

    @Test
    void aConsoleRefusedByTheControllerIsAFailureWithItsReason() {
        SessionEnd end = session().run(url("/refuse"), input(""), false, new TextSink(new StringWriter()));

        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CONSOLE_FAILED);
        assertThat(end.ok()).isFalse();
        assertThat(end.detail()).isEqualTo("not running (1011)");
    }

    @Test
    void aConsoleClosedNormallyEndsTheSessionWithSuccess() throws Exception {
        StringWriter out = new StringWriter();
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream typed = new PipedInputStream(keyboard);
        keyboard.write("a\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();

        SessionEnd end = session().run(url("/ends"), typed, false, new TextSink(out));
        keyboard.close();

        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.CONSOLE_ENDED);
        assertThat(end.ok()).isTrue();
        assertThat(out.toString()).isEqualTo("A\n");
    }

    @Test
    void theSessionLimitEndsASessionWhoseInputNeverEnds() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        SessionLimits short_ = new SessionLimits(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(500));

        SessionEnd end = new SerialConsoleSession(HttpClient.newHttpClient(), short_)
                .run(url("/upper"), new PipedInputStream(keyboard), false, new TextSink(new StringWriter()));
        keyboard.close();

        assertThat(end.reason()).isEqualTo(SessionEnd.Reason.TIMED_OUT);
    }

    @Test
    void anUnreachableConsoleIsAnErrorThatDoesNotShowTheToken() {
        URI url = url("/upper");
        server.stop();

        ConsoleException failure = org.assertj.core.api.Assertions.catchThrowableOfType(ConsoleException.class,
                () -> session().run(url, input(""), false, new TextSink(new StringWriter())));

        assertThat(failure.getMessage()).contains("cannot open the console websocket").doesNotContain("secret-token");
    }

    @Test
    void theTokenIsRedactedFromMessagesThatQuoteTheUrl() {
        URI url = URI.create("ws://h:1/console/serial?token=abc");

        assertThat(SerialConsoleSession.redacted("URI must contain a host: " + url, url))
                .isEqualTo("URI must contain a host: ws://h:1/console/serial");
        assertThat(SerialConsoleSession.withoutQuery(url)).isEqualTo("ws://h:1/console/serial");
    }

    private SerialConsoleSession session() {
        return new SerialConsoleSession(HttpClient.newHttpClient(), QUICK);
    }

    private URI url(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path + "?token=secret-token");
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer upper(ByteBuffer data) {
        String text = StandardCharsets.UTF_8.decode(data).toString();
        return StandardCharsets.UTF_8.encode(text.toUpperCase(Locale.ROOT));
    }
}
