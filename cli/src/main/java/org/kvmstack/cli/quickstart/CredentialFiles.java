package org.kvmstack.cli.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The admin's credentials as {@code clouds.yaml} (cloud {@code kvmstack}) and as an {@code openrc}
 * to source. Both hold the password: they are created mode 0600 before anything is written into them.
 */
final class CredentialFiles {
    static final String CLOUD_NAME = "kvmstack";

    private CredentialFiles() {}

    static void writeCloudsYaml(Path file, URI authUrl, String password, String region) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode cloud = root.putObject("clouds").putObject(CLOUD_NAME);
        ObjectNode auth = cloud.putObject("auth");
        auth.put("auth_url", authUrl.toString());
        auth.put("username", "admin");
        auth.put("password", password);
        auth.put("project_name", "admin");
        auth.put("user_domain_name", "Default");
        auth.put("project_domain_name", "Default");
        cloud.put("region_name", region);
        cloud.put("interface", "public");
        cloud.put("identity_api_version", 3);
        try {
            String yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .writeValueAsString(root);
            writePrivate(file, "# written by kvmstack quickstart: export OS_CLOUD=" + CLOUD_NAME
                    + " OS_CLIENT_CONFIG_FILE=" + file + "\n" + yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void writeOpenrc(Path file, URI authUrl, String password, String region) {
        String text = "# written by kvmstack quickstart; use: . " + file + "\n"
                + "export OS_AUTH_URL=" + ShellQuote.single(authUrl.toString()) + "\n"
                + "export OS_USERNAME=admin\n"
                + "export OS_PASSWORD=" + ShellQuote.single(password) + "\n"
                + "export OS_PROJECT_NAME=admin\n"
                + "export OS_USER_DOMAIN_NAME=Default\n"
                + "export OS_PROJECT_DOMAIN_NAME=Default\n"
                + "export OS_REGION_NAME=" + ShellQuote.single(region) + "\n"
                + "export OS_IDENTITY_API_VERSION=3\n"
                + "unset OS_CLOUD\n";
        writePrivate(file, text);
    }

    private static void writePrivate(Path file, String text) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
