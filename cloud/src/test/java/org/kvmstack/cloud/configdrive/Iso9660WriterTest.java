package org.kvmstack.cloud.configdrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer on its own, read back by xorriso (libisofs), an independent ISO 9660 / Rock Ridge reader. */
class Iso9660WriterTest {
    private static final Instant WHEN = Instant.parse("2020-01-02T03:04:05Z");

    @TempDir
    Path tmp;

    @Test
    void aDirectoryLargerThanOneSectorEmptyFilesAndMultiSectorFilesReadBackExactly() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        // 120 long names whose ISO identifiers clash after truncation: ~120 records of ~150 bytes = 9 sectors.
        for (int i = 0; i < 120; i++) {
            files.put("many/a-rather-long-lower-case-file-name-number-" + i + ".multi.dot.json",
                    ("file " + i).getBytes(StandardCharsets.UTF_8));
        }
        files.put("many/empty", new byte[0]);
        byte[] big = new byte[5000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        files.put("deep/er/and/deeper/blob.bin", big);
        Path iso = Files.write(tmp.resolve("t.iso"), new Iso9660Writer().write("config-2", files, WHEN));

        Path out = tmp.resolve("out");
        IsoImage.extract(iso, out);
        Map<String, byte[]> read = IsoImage.filesUnder(out);
        assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(files.keySet());
        files.forEach((path, bytes) -> assertThat(read.get(path)).as(path).isEqualTo(bytes));
        assertThat(IsoImage.checkMedia(iso)).containsPattern("Media region\\s*:\\s*0\\s*,\\s*\\d+\\s*,\\s*\\+ good");
    }

    @Test
    void withoutRockRidgeAReaderSeesPlainIsoNames() throws Exception {
        Path iso = Files.write(tmp.resolve("t.iso"), new Iso9660Writer().write("config-2",
                Map.of("openstack/2012-08-10/meta_data.json", new byte[] {'{', '}'}), WHEN));

        assertThat(IsoImage.plainIsoPaths(iso)).contains("'/OPENSTACK/2012_08_10/META_DATA.JSON'");
    }

    @Test
    void aPathThatIsBothFileAndDirectoryIsRefused() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a", new byte[1]);
        files.put("a/b", new byte[1]);
        assertThatThrownBy(() -> new Iso9660Writer().write("config-2", files, WHEN))
                .isInstanceOf(ConfigDriveException.class).hasMessageContaining("both a file and a directory");
        assertThatThrownBy(() -> new Iso9660Writer().write("config-2", Map.of("a//b", new byte[1]), WHEN))
                .isInstanceOf(ConfigDriveException.class).hasMessageContaining("bad config drive path");
        assertThatThrownBy(() -> new Iso9660Writer().write("config-2", Map.of("a/", new byte[1]), WHEN))
                .isInstanceOf(ConfigDriveException.class).hasMessageContaining("bad config drive path");
    }
}
