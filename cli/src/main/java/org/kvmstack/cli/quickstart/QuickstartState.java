package org.kvmstack.cli.quickstart;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What a quickstart run set up, kept in {@code quickstart.properties} so that the next run reuses it
 * and {@code quickstart stop} finds it.
 *
 * @param labBedDir the lab host's test bed directory when quickstart started one; empty when it
 *                  adopted a libvirtd named by {@code --host-uri} (which it never stops)
 * @param hostUri   the libvirt URI the controller uses for the lab host
 * @param port      the controller's HTTP port
 */
public record QuickstartState(Optional<Path> labBedDir, String hostUri, int port) {
    private static final String LAB_BED_DIR = "lab_bed_dir";
    private static final String HOST_URI = "host_uri";
    private static final String PORT = "port";

    /** Reads the state file, if there is one. */
    public static Optional<QuickstartState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String bed = properties.getProperty(LAB_BED_DIR, "");
        try {
            return Optional.of(new QuickstartState(bed.isEmpty() ? Optional.empty() : Optional.of(Path.of(bed)),
                    properties.getProperty(HOST_URI, ""), Integer.parseInt(properties.getProperty(PORT, "0"))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " has a bad port '" + properties.getProperty(PORT)
                    + "'; fix it or run 'kvmstack quickstart stop --purge'", e);
        }
    }

    /** Writes the state file atomically (a crash leaves the old one or the new one). */
    public void write(Path file) {
        Properties properties = new Properties();
        properties.setProperty(LAB_BED_DIR, labBedDir.map(Path::toString).orElse(""));
        properties.setProperty(HOST_URI, hostUri);
        properties.setProperty(PORT, Integer.toString(port));
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "written by kvmstack quickstart; removed by 'kvmstack quickstart stop --purge'");
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
