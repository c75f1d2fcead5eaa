package org.kvmstack.cloud.configdrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.network.Port;

class ConfigDriveBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID INSTANCE = UUID.fromString("8a1f6f0e-3c4b-4d2e-9a77-1b2c3d4e5f60");
    private static final Port PORT = new Port(UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"), INSTANCE,
            "kvmstack-default", "ksbr0", "fa:16:3e:12:34:56", "10.87.0.7", 24, "10.87.0.1", List.of("10.87.0.1"));

    @TempDir
    Path tmp;

    private static ConfigDriveSpec spec(byte[] userData) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("role", "web");
        meta.put("quote\"and\\backslash", "ünïcödé </x> & 'tick'");
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("mykey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBqF mykey@laptop");
        return new ConfigDriveSpec(INSTANCE, "Web Server_01.prod", null, meta, keys, userData, List.of(PORT));
    }

    @Test
    void theIsoIsLabelledConfig2WithRockRidge() throws Exception {
        Path iso = new ConfigDriveBuilder().build(spec(null), tmp.resolve("drive.iso"));

        assertThat(IsoImage.volumeId(iso)).isEqualTo("config-2");
        assertThat(IsoImage.blkidLabel(iso)).isEqualTo("config-2");
        assertThat(IsoImage.hasJoliet(iso)).isFalse();
        assertThat(IsoImage.toc(iso)).containsPattern("ISO offers\\s*:\\s*Rock_Ridge")
                .containsPattern("Volume id\\s*:\\s*'config-2'");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(iso); // no partial file beside it
        }
    }

    @Test
    void metaDataCarriesIdentityKeysAndMetadataInEveryVersion() throws Exception {
        Path root = buildAndExtract(spec(null));

        for (String version : ConfigDriveContent.allVersions()) {
            JsonNode md = JSON.readTree(root.resolve("openstack/" + version + "/meta_data.json").toFile());
            assertThat(md.path("uuid").asText()).as(version).isEqualTo(INSTANCE.toString());
            assertThat(md.path("name").asText()).isEqualTo("Web Server_01.prod");
            assertThat(md.path("hostname").asText()).isEqualTo("web-server-01-prod");
            assertThat(md.path("launch_index").asInt(-1)).isZero();
            assertThat(md.path("availability_zone").asText()).isEqualTo("nova");
            assertThat(md.path("public_keys").path("mykey").asText()).startsWith("ssh-ed25519 ");
            assertThat(md.path("keys").get(0).path("name").asText()).isEqualTo("mykey");
            assertThat(md.path("keys").get(0).path("type").asText()).isEqualTo("ssh");
            assertThat(md.path("keys").get(0).path("data").asText()).isEqualTo(md.path("public_keys").path("mykey").asText());
            assertThat(md.path("meta").path("role").asText()).isEqualTo("web");
            assertThat(md.path("meta").path("quote\"and\\backslash").asText()).isEqualTo("ünïcödé </x> & 'tick'");
            assertThat(md.has("random_seed")).isEqualTo(!version.equals("2012-08-10"));
            assertThat(Files.exists(root.resolve("openstack/" + version + "/user_data"))).isFalse();
        }
    }

    @Test
    void networkDataAndVendorDataAppearFromTheVersionsNovaIntroducedThem() throws Exception {
        Path root = buildAndExtract(spec(null));

        assertThat(root.resolve("openstack/2013-04-04/vendor_data.json")).doesNotExist();
        assertThat(root.resolve("openstack/2013-10-17/vendor_data.json")).exists();
        assertThat(root.resolve("openstack/2013-10-17/network_data.json")).doesNotExist();
        assertThat(root.resolve("openstack/2015-10-15/network_data.json")).exists();
        assertThat(root.resolve("openstack/2016-06-30/vendor_data2.json")).doesNotExist();
        assertThat(root.resolve("openstack/latest/vendor_data2.json")).exists();

        JsonNode nd = JSON.readTree(root.resolve("openstack/latest/network_data.json").toFile());
        JsonNode link = nd.path("links").get(0);
        assertThat(link.path("ethernet_mac_address").asText()).isEqualTo("fa:16:3e:12:34:56");
        assertThat(link.path("id").asText()).isEqualTo("tap0f1e2d3c-4b");
        JsonNode net = nd.path("networks").get(0);
        assertThat(net.path("type").asText()).isEqualTo("ipv4");
        assertThat(net.path("link").asText()).isEqualTo(link.path("id").asText());
        assertThat(net.path("ip_address").asText()).isEqualTo("10.87.0.7");
        assertThat(net.path("netmask").asText()).isEqualTo("255.255.255.0");
        JsonNode route = net.path("routes").get(0);
        assertThat(route.path("network").asText()).isEqualTo("0.0.0.0");
        assertThat(route.path("netmask").asText()).isEqualTo("0.0.0.0");
        assertThat(route.path("gateway").asText()).isEqualTo("10.87.0.1");
        assertThat(net.path("services").get(0).path("type").asText()).isEqualTo("dns");
        assertThat(net.path("services").get(0).path("address").asText()).isEqualTo("10.87.0.1");
        assertThat(nd.path("services").get(0).path("address").asText()).isEqualTo("10.87.0.1");
    }

    @Test
    void userDataIsWrittenByteForByteWhenGiven() throws Exception {
        byte[] userData = "#!/bin/sh\necho hello from user_data\n\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        Path root = buildAndExtract(spec(userData));

        for (String version : ConfigDriveContent.allVersions()) {
            assertThat(Files.readAllBytes(root.resolve("openstack/" + version + "/user_data"))).isEqualTo(userData);
        }
    }

    @Test
    void theFileSetIsExactlyTheContentsWithTheirNamesAndBytes() throws Exception {
        byte[] userData = "#!/bin/sh\necho marker\n".getBytes(StandardCharsets.UTF_8);
        Path root = buildAndExtract(spec(userData));

        Map<String, byte[]> expected = new ConfigDriveContent(new Random(7)).files(spec(userData));
        assertThat(IsoImage.filesUnder(root).keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        IsoImage.filesUnder(root).forEach((path, bytes) -> {
            if (!path.endsWith("meta_data.json")) { // random_seed differs by design
                assertThat(bytes).as(path).isEqualTo(expected.get(path));
            }
        });
    }

    @Test
    void rockRidgeGivesReadOnlyModesOwnedByRoot() throws Exception {
        Path iso = new ConfigDriveBuilder().build(spec("x".getBytes(StandardCharsets.UTF_8)), tmp.resolve("d.iso"));

        String listing = IsoImage.longListing(iso);
        assertThat(listing).containsPattern("(?m)^-r--r--r--\\s+1\\s+0\\s+0\\s+1 .*'/openstack/latest/user_data'$");
        assertThat(listing).containsPattern("(?m)^dr-xr-xr-x\\s+\\d+\\s+0\\s+0\\s.*'/openstack/2012-08-10'$");
        assertThat(listing).doesNotContain("META_DATA");
    }

    @Test
    void theSameSpecSeedAndClockGiveTheSameBytesWithThatTime() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2020-01-02T03:04:05Z"), ZoneOffset.UTC);
        byte[] first = new ConfigDriveBuilder(new Random(1), clock).build(spec(null));
        byte[] second = new ConfigDriveBuilder(new Random(1), clock).build(spec(null));

        assertThat(first).isEqualTo(second);
        Path file = Files.write(tmp.resolve("from-bytes.iso"), first);
        assertThat(IsoImage.volumeId(file)).isEqualTo("config-2");
        assertThat(IsoImage.longListing(file)).contains("Jan  2  2020 '/openstack/latest/meta_data.json'");
        // The volume creation date of the primary descriptor, as ECMA-119 digits.
        assertThat(new String(first, 16 * 2048 + 813, 16, StandardCharsets.US_ASCII)).isEqualTo("2020010203040500");
    }

    @Test
    void anUnwritableTargetIsATypedErrorAndLeavesNothingBehind() throws Exception {
        Path missingDir = tmp.resolve("no-such-dir").resolve("drive.iso");
        assertThatThrownBy(() -> new ConfigDriveBuilder().build(spec(null), missingDir))
                .isInstanceOf(ConfigDriveException.class).hasMessageContaining(INSTANCE.toString());
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    private Path buildAndExtract(ConfigDriveSpec spec) throws IOException, InterruptedException {
        Path iso = new ConfigDriveBuilder().build(spec, tmp.resolve("drive.iso"));
        Path root = tmp.resolve("extracted");
        IsoImage.extract(iso, root);
        return root;
    }
}
