package org.kvmstack.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code openstack} CLI (Debian's python3-openstackclient, by the system Python) against a controller,
 * configured only by the arguments given: no {@code OS_*} of the caller, no clouds.yaml from {@code $HOME}.
 */
final class OpenStackCli {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path OPENSTACK = Path.of("/usr/bin/openstack");

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private final int port;
    private final String password;
    private final Path workDir;

    OpenStackCli(int port, String password, Path workDir) {
        this.port = port;
        this.password = password;
        this.workDir = workDir;
    }

    static boolean installed() {
        return Files.isExecutable(OPENSTACK) && Files.isExecutable(PYTHON);
    }

    Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PYTHON.toString(), OPENSTACK.toString(),
                "--os-auth-url", "http://127.0.0.1:" + port + "/identity/v3",
                "--os-identity-api-version", "3",
                "--os-username", "admin", "--os-password", password,
                "--os-project-name", "admin", "--os-user-domain-name", "Default", "--os-project-domain-name", "Default"));
        argv.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        builder.environment().put("HOME", workDir.toString());
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("openstack " + String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
