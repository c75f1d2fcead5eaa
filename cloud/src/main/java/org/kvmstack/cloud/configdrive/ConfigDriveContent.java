package org.kvmstack.cloud.configdrive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.kvmstack.cloud.network.Port;

/**
 * The files of a config drive, as Nova lays them out: {@code openstack/<version>/…} for every metadata
 * version Nova serves plus {@code latest}, each version holding what it had when introduced —
 * {@code meta_data.json} and {@code user_data} (when given) everywhere, {@code vendor_data.json} from
 * 2013-10-17, {@code network_data.json} from 2015-10-15, {@code vendor_data2.json} from 2016-10-06. No ec2 tree.
 * Pure: the same spec gives the same files except meta_data's {@code random_seed}.
 */
final class ConfigDriveContent {
    /** Nova's OpenStack metadata versions, oldest first; {@code latest} is added after them. */
    static final List<String> VERSIONS = List.of("2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15",
            "2016-06-30", "2016-10-06", "2017-02-22", "2018-08-27", "2020-10-14");
    static final String LATEST = "latest";
    private static final String GRIZZLY = "2013-04-04";
    private static final String HAVANA = "2013-10-17";
    private static final String LIBERTY = "2015-10-15";
    private static final String NEWTON_TWO = "2016-10-06";
    private static final String AVAILABILITY_ZONE = "nova";
    private static final int RANDOM_SEED_BYTES = 512;

    private final ObjectMapper json = new ObjectMapper();
    private final RandomGenerator random;

    ConfigDriveContent(RandomGenerator random) {
        this.random = random;
    }

    /** Path relative to the drive's root → file bytes, directories implied, in a stable order. */
    Map<String, byte[]> files(ConfigDriveSpec spec) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String hostname = Hostnames.sanitize(spec.hostname() == null || spec.hostname().isBlank() ? spec.name()
                : spec.hostname(), spec.instanceId());
        byte[] networkData = write(networkData(spec.ports()));
        byte[] vendorData = write(json.createObjectNode());
        for (String version : allVersions()) {
            String dir = "openstack/" + version + "/";
            files.put(dir + "meta_data.json", write(metaData(spec, hostname, atLeast(version, GRIZZLY))));
            if (spec.userData() != null) {
                files.put(dir + "user_data", spec.userData());
            }
            if (atLeast(version, HAVANA)) {
                files.put(dir + "vendor_data.json", vendorData);
            }
            if (atLeast(version, LIBERTY)) {
                files.put(dir + "network_data.json", networkData);
            }
            if (atLeast(version, NEWTON_TWO)) {
                files.put(dir + "vendor_data2.json", vendorData);
            }
        }
        return files;
    }

    static List<String> allVersions() {
        List<String> all = new java.util.ArrayList<>(VERSIONS);
        all.add(LATEST);
        return all;
    }

    private static boolean atLeast(String version, String required) {
        // ISO dates compare as strings; "latest" sorts after every date.
        return LATEST.equals(version) || version.compareTo(required) >= 0;
    }

    ObjectNode metaData(ConfigDriveSpec spec, String hostname, boolean withRandomSeed) {
        ObjectNode md = json.createObjectNode();
        md.put("uuid", spec.instanceId().toString());
        ObjectNode meta = md.putObject("meta");
        spec.metadata().forEach(meta::put);
        if (!spec.publicKeys().isEmpty()) {
            ObjectNode publicKeys = md.putObject("public_keys");
            ArrayNode keys = md.putArray("keys");
            spec.publicKeys().forEach((name, key) -> {
                publicKeys.put(name, key);
                keys.addObject().put("name", name).put("type", "ssh").put("data", key);
            });
        }
        md.put("hostname", hostname);
        md.put("name", spec.name());
        md.put("launch_index", 0);
        md.put("availability_zone", AVAILABILITY_ZONE);
        if (withRandomSeed) {
            byte[] seed = new byte[RANDOM_SEED_BYTES];
            random.nextBytes(seed);
            md.put("random_seed", Base64.getEncoder().encodeToString(seed));
        }
        md.putArray("devices");
        return md;
    }

    /**
     * network_data.json: a link per port (its MAC), a static {@code ipv4} network per port with the default route
     * through the subnet's gateway and its DNS servers, and the DNS servers of all ports as global services.
     */
    ObjectNode networkData(List<Port> ports) {
        ObjectNode nd = json.createObjectNode();
        ArrayNode links = nd.putArray("links");
        ArrayNode networks = nd.putArray("networks");
        Set<String> allDns = new LinkedHashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            Port port = ports.get(i);
            // Nova names links after the tap device, "tap" + the first 11 characters of the port id.
            String linkId = "tap" + port.id().toString().substring(0, 11);
            links.addObject().put("id", linkId).put("vif_id", port.id().toString()).put("type", "bridge")
                    .put("ethernet_mac_address", port.mac());
            ObjectNode network = networks.addObject();
            network.put("id", "network" + i).put("type", "ipv4").put("link", linkId)
                    .put("ip_address", port.ip()).put("netmask", port.netmask());
            network.putArray("routes").addObject().put("network", "0.0.0.0").put("netmask", "0.0.0.0")
                    .put("gateway", port.gateway());
            ArrayNode services = network.putArray("services");
            for (String dns : port.dns()) {
                services.addObject().put("type", "dns").put("address", dns);
                allDns.add(dns);
            }
        }
        ArrayNode services = nd.putArray("services");
        allDns.forEach(dns -> services.addObject().put("type", "dns").put("address", dns));
        return nd;
    }

    private byte[] write(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new ConfigDriveException("cannot serialise config drive JSON: " + e.getOriginalMessage(), e);
        }
    }
}
