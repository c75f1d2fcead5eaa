package org.kvmstack.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a cloud's settings from {@code clouds.yaml}, searched like openstacksdk does:
 * {@code $OS_CLIENT_CONFIG_FILE}, then {@code ./clouds.yaml}, {@code ~/.config/openstack/clouds.yaml},
 * {@code /etc/openstack/clouds.yaml}; the first file that names the cloud wins.
 */
public final class CloudsYaml {
    /** The settings of one cloud, flattened to openstacksdk's key names ({@code auth_url}, {@code region_name}, …). */
    public record Entry(Path file, Map<String, String> settings) {}

    private final List<Path> searchPath;

    /** @param searchPath the files to look in, in order (missing ones are skipped) */
    public CloudsYaml(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** openstacksdk's search path for this environment, working directory and home directory. */
    public static CloudsYaml standard(Map<String, String> environment, Path workingDirectory, Path home) {
        List<Path> files = new ArrayList<>();
        String explicit = environment.get("OS_CLIENT_CONFIG_FILE");
        if (explicit != null && !explicit.isBlank()) {
            files.add(Path.of(explicit));
        }
        files.add(workingDirectory.resolve("clouds.yaml"));
        files.add(home.resolve(".config/openstack/clouds.yaml"));
        files.add(Path.of("/etc/openstack/clouds.yaml"));
        return new CloudsYaml(files);
    }

    public List<Path> searchPath() {
        return searchPath;
    }

    /**
     * Finds a cloud by name.
     *
     * @return its settings, or empty when no file on the search path names it
     * @throws ClientException when a file on the path exists but is not valid YAML
     */
    public Optional<Entry> find(String cloud) {
        for (Path file : searchPath) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode entry = read(file).path("clouds").path(cloud);
            if (entry.isObject()) {
                return Optional.of(new Entry(file, flatten(entry)));
            }
        }
        return Optional.empty();
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            return root == null ? new ObjectMapper().createObjectNode() : root;
        } catch (IOException e) {
            throw new ClientException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** {@code auth: {username: x}} becomes {@code username = x}; top-level keys stay as they are. */
    private static Map<String, String> flatten(JsonNode entry) {
        Map<String, String> settings = new LinkedHashMap<>();
        entry.fields().forEachRemaining(field -> {
            if (field.getValue().isValueNode()) {
                settings.put(field.getKey(), field.getValue().asText());
            }
        });
        entry.path("auth").fields().forEachRemaining(field -> {
            if (field.getValue().isValueNode()) {
                settings.put(field.getKey(), field.getValue().asText());
            }
        });
        return settings;
    }
}
