package org.kvmstack.virt.validate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the facts host validation needs, relative to a filesystem root.
 *
 * <p>All paths passed in are absolute host paths such as {@code /proc/cpuinfo}; an implementation resolves them
 * under its root, so a test can point the probe at a fixture tree instead of {@code /}. No method throws for a
 * missing or unreadable path: absence is the answer.
 */
public interface HostProbe {

    /** The whole content of a text file, or empty when it is missing or unreadable. */
    Optional<String> readFile(String absolutePath);

    /** Whether a file, directory or device node exists at the path. */
    boolean exists(String absolutePath);

    /** Names of the entries of a directory, sorted; empty when it is missing or not a directory. */
    List<String> list(String absolutePath);

    /** Opens the KVM device at the path and tries the KVM ioctls (see {@link KvmDeviceProbe}). */
    KvmDeviceState probeKvmDevice(String absolutePath);

    /** The executable with this name on the probe's search path, resolved under the root. */
    Optional<Path> findExecutable(String name);

    /** The first line that {@code executable --version} prints, or empty when it cannot be run in time. */
    Optional<String> versionOf(Path executable);

    /** A probe of this machine: root {@code /}, the real KVM ioctls, the {@code PATH} of this process. */
    static HostProbe local() {
        return new RootedHostProbe(Path.of("/"), KvmDeviceProbe.ioctl(), RootedHostProbe.searchPathFromEnvironment());
    }

    /**
     * A probe of a tree that looks like a host (a test fixture or a mounted image).
     *
     * @param root       the directory that stands for {@code /}
     * @param kvmDevice  how to judge the KVM device node found under the root
     * @param searchPath absolute directories (host paths, resolved under the root) where executables are looked up
     */
    static HostProbe rootedAt(Path root, KvmDeviceProbe kvmDevice, List<String> searchPath) {
        return new RootedHostProbe(root, kvmDevice, searchPath);
    }
}
