package org.kvmstack.cloud.configdrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linux's own iso9660 driver reads the drive: loop-mounted read-only inside a private mount namespace
 * ({@code unshare -m}), so the mount never shows in the machine's namespace and vanishes with the process.
 * Skips without root or without iso9660 in the running kernel (some sandbox kernels lack it; the tiny guest's
 * kernel has it, see ServerConsoleOnTestBedIT).
 */
class ConfigDriveLoopMountTest {
    @TempDir
    Path tmp;

    @Test
    void linuxSeesTheLowerCaseNamesTheBytesAndReadOnlyModes() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to loop-mount");
        assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("iso9660"),
                "the running kernel has no iso9660 file system");
        byte[] userData = "#!/bin/sh\necho mounted\n".getBytes(StandardCharsets.UTF_8);
        ConfigDriveSpec spec = new ConfigDriveSpec(UUID.randomUUID(), "Loop 01", null, Map.of("a", "b"), Map.of(),
                userData, List.of());
        Path iso = new ConfigDriveBuilder().build(spec, tmp.resolve("drive.iso"));
        Path mountPoint = Files.createDirectory(tmp.resolve("mnt"));
        Path copy = Files.createDirectory(tmp.resolve("copy"));

        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -o loop,ro \"$1\" \"$2\" || exit 1; cp -a \"$2\"/. \"$3\"/; rc=$?; umount \"$2\"; exit $rc",
                "sh", iso.toString(), mountPoint.toString(), copy.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("mount and copy finish").isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        Map<String, byte[]> expected = new ConfigDriveContent(new Random(1)).files(spec);
        assertThat(IsoImage.filesUnder(copy).keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(Files.readAllBytes(copy.resolve("openstack/latest/user_data"))).isEqualTo(userData);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                copy.resolve("openstack/latest/meta_data.json")))).isEqualTo("r--r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("openstack"))))
                .isEqualTo("r-xr-xr-x");
    }
}
