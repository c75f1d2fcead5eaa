package org.kvmstack.virt.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one external command with an argument list (never a shell), a time bound, and bounded capture of its
 * output. stdout can be streamed to a listener record by record (records end in CR or LF, as progress lines do).
 */
final class ProcessRunner {
    /** At most this much of each stream is kept; a hostile image must not make us buffer without bound. */
    static final int MAX_CAPTURE = 1 << 20;

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** The process could not start, or ran out of time (then it was killed and reaped). */
    static final class RunFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean timedOut;
        final String stderr;

        RunFailure(String message, boolean timedOut, String stderr, Throwable cause) {
            super(message, cause);
            this.timedOut = timedOut;
            this.stderr = stderr;
        }
    }

    private ProcessRunner() {
    }

    static Result run(List<String> command, Duration timeout, Consumer<String> stdoutRecords) throws RunFailure {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new RunFailure("cannot start " + command.get(0) + ": " + e.getMessage(), false, "", e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyExited) {
            // closing stdin of a process that already exited can fail; there is nothing to recover
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(
                () -> drain(process.getInputStream(), stdoutRecords));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream(), null));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                String partial;
                try {
                    partial = stderr.get(5, TimeUnit.SECONDS);
                } catch (ExecutionException | java.util.concurrent.TimeoutException unreadable) {
                    partial = "";
                }
                throw new RunFailure(command.get(0) + " did not finish within " + timeout, true, partial, null);
            }
            return new Result(process.exitValue(), stdout.get(10, TimeUnit.SECONDS),
                    stderr.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RunFailure("interrupted while waiting for " + command.get(0), false, "", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new RunFailure("cannot read the output of " + command.get(0), false, "", e);
        }
    }

    /** Reads a stream to its end, keeping at most {@link #MAX_CAPTURE} bytes, and passing records on. */
    private static String drain(InputStream in, Consumer<String> records) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int keep = Math.min(n, MAX_CAPTURE - kept.size());
                kept.write(buffer, 0, Math.max(0, keep));
                if (records == null) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\r' || b == '\n') {
                        if (record.size() > 0) {
                            records.accept(record.toString(StandardCharsets.UTF_8));
                            record.reset();
                        }
                    } else if (record.size() < 4096) {
                        record.write(b);
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (records != null && record.size() > 0) {
            records.accept(record.toString(StandardCharsets.UTF_8));
        }
        return kept.toString(StandardCharsets.UTF_8);
    }
}
