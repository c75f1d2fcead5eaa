package org.kvmstack.cli.quickstart;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.kvmstack.cloud.config.ConfigException;
import org.kvmstack.cloud.config.ConfigLoader;

/**
 * Writes {@code <data-dir>/kvmstack.conf} for the background controller, in the Java properties
 * format {@link ConfigLoader} reads (values escaped by {@link Properties}), and checks it by
 * loading it the way {@code kvmstack serve} will.
 */
final class ControllerConfigFile {
    /** The key naming the controller's hosts ({@code name=libvirt-uri}); added to the controller by the compute slice. */
    static final String HOSTS = "hosts";

    private ControllerConfigFile() {}

    /**
     * @param hostUri the lab host's libvirt URI, written as {@code hosts = lab=<uri>} when this controller build
     *                knows the key
     * @return true when the hosts key was written; false when the controller does not know it yet
     */
    static boolean write(Path file, Path dataDir, String bind, int port, String hostUri) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ConfigLoader.DATA_DIR, dataDir.toString());
        values.put(ConfigLoader.BIND_ADDRESS, bind);
        values.put(ConfigLoader.PORT, Integer.toString(port));
        boolean withHosts = knowsHostsKey(dataDir);
        if (withHosts) {
            values.put(HOSTS, "lab=" + hostUri);
        }
        Properties properties = new Properties();
        values.forEach(properties::setProperty);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "kvmstack controller started by 'kvmstack quickstart'");
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        // fail here, with the file named, rather than in the background controller's log
        new ConfigLoader(Map.of()).load(Optional.of(file), Map.of());
        return withHosts;
    }

    /** Whether this build's controller accepts the {@code hosts} key (it arrives with the compute slice). */
    static boolean knowsHostsKey(Path dataDir) {
        try {
            new ConfigLoader(Map.of(), dataDir.resolve("no-such-file.conf"))
                    .load(Optional.empty(), Map.of(HOSTS, "lab=test:///default"));
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }
}
