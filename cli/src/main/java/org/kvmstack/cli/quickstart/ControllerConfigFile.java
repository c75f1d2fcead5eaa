package org.kvmstack.cli.quickstart;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.kvmstack.cloud.config.ConfigLoader;

/**
 * Writes {@code <data-dir>/kvmstack.conf} for the background controller, in the Java properties
 * format {@link ConfigLoader} reads (values escaped by {@link Properties}), and checks it by
 * loading it the way {@code kvmstack serve} will.
 */
final class ControllerConfigFile {
    /** The name the lab host has in the controller's {@code hosts}. */
    static final String HOST_NAME = "lab";

    private ControllerConfigFile() {}

    /**
     * @param hostUri the lab host's libvirt URI, written as {@code hosts = lab=<uri>}
     * @throws org.kvmstack.cloud.config.ConfigException when the controller would refuse the file
     */
    static void write(Path file, Path dataDir, String bind, int port, String hostUri) {
        Properties properties = new Properties();
        properties.setProperty(ConfigLoader.DATA_DIR, dataDir.toString());
        properties.setProperty(ConfigLoader.BIND_ADDRESS, bind);
        properties.setProperty(ConfigLoader.PORT, Integer.toString(port));
        properties.setProperty(ConfigLoader.HOSTS, HOST_NAME + "=" + hostUri);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "kvmstack controller started by 'kvmstack quickstart'");
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        // fail here, with the file named, rather than in the background controller's log
        new ConfigLoader(Map.of()).load(Optional.of(file), Map.of());
    }
}
