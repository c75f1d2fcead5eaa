package org.kvmstack.cli.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The controller ({@code kvmstack serve}) run in the background by quickstart: its own session
 * ({@code setsid}, so that closing the terminal does not stop it), output to a log, PID in a file.
 * A PID is only trusted while its process still runs {@code kvmstack serve} with our config file,
 * so a stale PID file never makes us signal somebody else's process.
 */
final class ControllerProcess {
    static final String MAIN_CLASS = "org.kvmstack.cli.Main";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final QuickstartLayout layout;

    ControllerProcess(QuickstartLayout layout) {
        this.layout = layout;
    }

    /** The running controller quickstart started for this data directory, if any. */
    Optional<ProcessHandle> running() {
        Path pidFile = layout.controllerPidFile();
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurs);
    }

    /** Whether the process runs {@code kvmstack serve --config <our config>} (read from /proc, not from a pid file). */
    private boolean isOurs(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            List<String> argv = List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
            return argv.contains(MAIN_CLASS) && argv.contains("serve")
                    && argv.contains(layout.configFile().toString());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts the controller in the background with the same Java and class path as this process.
     * {@code KVMSTACK_*} variables are not passed on: the config file is the controller's whole configuration.
     */
    ProcessHandle start() {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add("serve");
        command.add("--config");
        command.add(layout.configFile().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("KVMSTACK_") && !name.equals("KVMSTACK_HOME"));
        try {
            Process process = builder.start();
            Files.writeString(layout.controllerPidFile(), process.pid() + "\n");
            return process.toHandle();
        } catch (IOException e) {
            throw new QuickstartException("cannot start the controller (" + String.join(" ", command.subList(0, 2))
                    + "): " + e.getMessage(), e);
        }
    }

    private Path log() {
        Path log = layout.controllerLog();
        try {
            if (!Files.exists(log)) {
                // the first start prints the generated admin password into it
                Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + log, e);
        }
        return log;
    }

    /**
     * Waits until the controller answers {@code GET <identity>/v3} with 200.
     *
     * @throws QuickstartException when it exits first (with the end of its log) or does not answer in time
     */
    void awaitReady(ProcessHandle process, URI identity, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new QuickstartException("the controller exited during start; end of " + layout.controllerLog()
                        + ": " + lastLines(3));
            }
            if (answers(http, identity)) {
                return;
            }
            sleep(POLL);
        }
        throw new QuickstartException("the controller did not answer at " + identity + " within "
                + timeout.toSeconds() + " s; see " + layout.controllerLog());
    }

    static boolean answers(HttpClient http, URI url) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuickstartException("interrupted while waiting for the controller", e);
        }
    }

    /**
     * Stops the controller: SIGTERM (it shuts down gracefully), SIGKILL after a grace period.
     *
     * @return the PID stopped, empty when none was running
     */
    Optional<Long> stop() {
        Optional<ProcessHandle> process = running();
        if (process.isPresent()) {
            ProcessHandle handle = process.get();
            handle.destroy();
            try {
                handle.onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
                try {
                    handle.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception again) {
                    throw new QuickstartException("controller PID " + handle.pid() + " survives SIGKILL", again);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QuickstartException("interrupted while stopping the controller", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new QuickstartException("cannot wait for the controller to exit", e);
            }
        }
        try {
            Files.deleteIfExists(layout.controllerPidFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + layout.controllerPidFile(), e);
        }
        return process.map(ProcessHandle::pid);
    }

    private String lastLines(int count) {
        try {
            List<String> lines = Files.readAllLines(layout.controllerLog(), StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuickstartException("interrupted while waiting for the controller", e);
        }
    }
}
