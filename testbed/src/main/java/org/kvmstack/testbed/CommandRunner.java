package org.kvmstack.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external program from an argument list (never through a shell) with a time limit.
 * Output is read on helper threads so a chatty program cannot block on a full pipe.
 */
final class CommandRunner {
    /** How long we wait for output readers after the process ended (a daemonised grandchild may hold the pipe). */
    private static final long READER_GRACE_MILLIS = 2_000;

    private final Duration timeout;

    CommandRunner(Duration timeout) {
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs the command and returns its result whatever the exit code; see {@link CommandResult#orThrow()}. */
    CommandResult run(List<String> command) {
        return run(command, timeout);
    }

    CommandResult run(List<String> command, Duration limit) {
        Process process = start(new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(devNull())), command);
        OutputCollector out = new OutputCollector(process.getInputStream());
        OutputCollector err = new OutputCollector(process.getErrorStream());
        boolean finished = waitFor(process, limit);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(5));
        }
        return new CommandResult(command, finished ? process.exitValue() : -1, out.text(), err.text(), !finished);
    }

    /**
     * Runs a program that puts itself in the background (libvirtd -d, virtlogd -d). Its output goes to
     * {@code log}, not to a pipe, because the daemon keeps the inherited descriptors after we stop waiting.
     */
    CommandResult runDaemonStarter(List<String> command, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(devNull()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = start(builder, command);
        boolean finished = waitFor(process, timeout);
        if (!finished) {
            process.destroyForcibly();
        }
        return new CommandResult(command, finished ? process.exitValue() : -1, "", "see " + log, !finished);
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }

    private static Process start(ProcessBuilder builder, List<String> command) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new TestBedException("cannot run " + String.join(" ", command), e);
        }
    }

    private static boolean waitFor(Process process, Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new TestBedException("interrupted while waiting for " + process.info().command().orElse("a command"), e);
        }
    }

    /** Drains one stream on a daemon thread. */
    private static final class OutputCollector {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        OutputCollector(InputStream in) {
            thread = new Thread(() -> drain(in), "command-output");
            thread.setDaemon(true);
            thread.start();
        }

        private void drain(InputStream in) {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                    }
                }
            } catch (IOException e) {
                // The process was killed and its pipe closed under us: what was read so far is the output.
                synchronized (buffer) {
                    buffer.writeBytes(("\n[output truncated: " + e.getMessage() + "]").getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        String text() {
            try {
                thread.join(READER_GRACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while reading command output", e));
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
