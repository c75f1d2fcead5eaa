package org.kvmstack.cloud.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import org.kvmstack.cloud.network.SubnetPool;

/**
 * Builds a {@link ControllerConfig} from, in increasing precedence: built-in defaults, a
 * properties file ({@code key = value}), environment variables {@code KVMSTACK_<KEY>} (key upper
 * case, dots as underscores), and explicit overrides (command-line options). Every value is
 * validated here so that a bad setting stops the controller at start with a message naming the
 * key and its source, rather than failing later.
 */
public final class ConfigLoader {
    /** The file read when no {@code --config} is given, if it exists. */
    public static final Path DEFAULT_FILE = Path.of("/etc/kvmstack/kvmstack.conf");

    public static final String DATA_DIR = "data_dir";
    public static final String BIND_ADDRESS = "bind_address";
    public static final String PORT = "port";
    public static final String PUBLIC_URL = "public_url";
    public static final String DATABASE_URL = "database.url";
    public static final String DATABASE_USER = "database.user";
    public static final String DATABASE_PASSWORD = "database.password";
    public static final String TOKEN_TTL = "token_ttl";
    public static final String REGION = "region";
    public static final String HOSTS = "hosts";
    public static final String COMPUTE_STOP_TIMEOUT = "compute.stop_timeout";
    public static final String COMPUTE_RECONCILE_INTERVAL = "compute.reconcile_interval";
    /** Nova's allocation ratios, applied to every configured host; see {@link AllocationRatios}. */
    public static final String COMPUTE_CPU_ALLOCATION_RATIO = "compute.cpu_allocation_ratio";
    public static final String COMPUTE_RAM_ALLOCATION_RATIO = "compute.ram_allocation_ratio";
    public static final String COMPUTE_DISK_ALLOCATION_RATIO = "compute.disk_allocation_ratio";
    /** Threads for compute's host work (builds, actions, deletes); see {@link ControllerConfig#computeWorkers()}. */
    public static final String COMPUTE_WORKERS = "compute.workers";
    /** Where each host's default network takes its /24 from; see {@link SubnetPool}. */
    public static final String NETWORK_DEFAULT_CIDR = "network.default_cidr";
    /**
     * How many pre-reserved (MAC, IP) pairs each host network keeps, so a server's port needs no live DHCP update
     * on its create path; 0 disables them.
     */
    public static final String NETWORK_SPARE_ADDRESSES = "network.spare_addresses";
    /** The largest image upload accepted, in bytes or with a K/M/G/T suffix (powers of 1024); unset = no limit. */
    public static final String IMAGE_MAX_SIZE = "image.max_size";

    static final Set<String> KEYS = Set.of(DATA_DIR, BIND_ADDRESS, PORT, PUBLIC_URL, DATABASE_URL,
            DATABASE_USER, DATABASE_PASSWORD, TOKEN_TTL, REGION, HOSTS, NETWORK_DEFAULT_CIDR, IMAGE_MAX_SIZE,
            COMPUTE_STOP_TIMEOUT, COMPUTE_RECONCILE_INTERVAL, COMPUTE_CPU_ALLOCATION_RATIO,
            COMPUTE_RAM_ALLOCATION_RATIO, COMPUTE_DISK_ALLOCATION_RATIO, NETWORK_SPARE_ADDRESSES, COMPUTE_WORKERS);

    private static final Map<String, String> DEFAULTS = Map.of(
            DATA_DIR, "/var/lib/kvmstack",
            // Loopback by default: an unconfigured controller must not be reachable from the
            // network with a freshly generated admin password. Set bind_address = 0.0.0.0 (and
            // public_url) to serve other machines.
            BIND_ADDRESS, "127.0.0.1",
            PORT, "8080",
            TOKEN_TTL, "PT1H",
            REGION, "RegionOne",
            NETWORK_DEFAULT_CIDR, SubnetPool.DEFAULT,
            COMPUTE_STOP_TIMEOUT, ControllerConfig.DEFAULT_STOP_TIMEOUT.toString(),
            COMPUTE_RECONCILE_INTERVAL, ControllerConfig.DEFAULT_RECONCILE_INTERVAL.toString());

    private final Map<String, String> environment;
    private final Path defaultFile;

    /** @param environment the process environment (injected so tests do not depend on the real one) */
    public ConfigLoader(Map<String, String> environment) {
        this(environment, DEFAULT_FILE);
    }

    /**
     * @param environment the process environment
     * @param defaultFile the file read when no file is named, if it exists
     */
    public ConfigLoader(Map<String, String> environment, Path defaultFile) {
        this.environment = Map.copyOf(environment);
        this.defaultFile = defaultFile;
    }

    /**
     * Loads the configuration.
     *
     * @param file      the file named by {@code --config} (must exist), or empty to read
     *                  {@link #DEFAULT_FILE} when it exists
     * @param overrides values from the command line, by key; they win over everything
     * @throws ConfigException naming the key, the source and what to do
     */
    public ControllerConfig load(Optional<Path> file, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        Map<String, String> sources = new HashMap<>();
        DEFAULTS.keySet().forEach(k -> sources.put(k, "default"));
        Optional<Path> chosen = file.or(() -> Files.isReadable(defaultFile) ? Optional.of(defaultFile) : Optional.empty());
        chosen.ifPresent(path -> readFile(path).forEach((k, v) -> put(values, sources, k, v, "file " + path)));
        for (String key : KEYS) {
            String env = environmentName(key);
            String value = environment.get(env);
            if (value != null) {
                put(values, sources, key, value, "environment " + env);
            }
        }
        overrides.forEach((k, v) -> put(values, sources, k, v, "command line"));
        return build(values, sources);
    }

    /** {@code database.url} → {@code KVMSTACK_DATABASE_URL}. */
    public static String environmentName(String key) {
        return "KVMSTACK_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static void put(Map<String, String> values, Map<String, String> sources, String key, String value, String source) {
        if (!KEYS.contains(key)) {
            throw new ConfigException("unknown configuration key '" + key + "' in " + source
                    + "; known keys: " + String.join(", ", KEYS.stream().sorted().toList()));
        }
        values.put(key, value.trim());
        sources.put(key, source);
    }

    private static Map<String, String> readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("configuration file " + path + " does not exist; create it or drop --config");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage(), e);
        }
        Map<String, String> result = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> result.put(k, properties.getProperty(k)));
        return result;
    }

    private static ControllerConfig build(Map<String, String> values, Map<String, String> sources) {
        Path dataDir = Path.of(require(values, sources, DATA_DIR)).toAbsolutePath();
        String bind = require(values, sources, BIND_ADDRESS);
        int port = parsePort(values.get(PORT), sources.get(PORT));
        Optional<URI> publicUrl = Optional.ofNullable(values.get(PUBLIC_URL)).filter(s -> !s.isEmpty())
                .map(s -> parsePublicUrl(s, sources.get(PUBLIC_URL)));
        String dbUrl = values.getOrDefault(DATABASE_URL, "");
        DatabaseConfig database = dbUrl.isEmpty()
                ? DatabaseConfig.sqliteIn(dataDir)
                : new DatabaseConfig(checkJdbcUrl(dbUrl, sources.get(DATABASE_URL)),
                        values.getOrDefault(DATABASE_USER, ""), values.getOrDefault(DATABASE_PASSWORD, ""));
        Duration ttl = parseTtl(values.get(TOKEN_TTL), sources.get(TOKEN_TTL));
        String defaultCidr = checkDefaultCidr(require(values, sources, NETWORK_DEFAULT_CIDR), sources.get(NETWORK_DEFAULT_CIDR));
        Duration stopTimeout = parseDuration(COMPUTE_STOP_TIMEOUT, values, sources, false);
        Duration reconcileInterval = parseDuration(COMPUTE_RECONCILE_INTERVAL, values, sources, true);
        AllocationRatios defaults = AllocationRatios.defaults();
        AllocationRatios ratios = new AllocationRatios(
                parseRatio(COMPUTE_CPU_ALLOCATION_RATIO, values, sources, defaults.cpu()),
                parseRatio(COMPUTE_RAM_ALLOCATION_RATIO, values, sources, defaults.ram()),
                parseRatio(COMPUTE_DISK_ALLOCATION_RATIO, values, sources, defaults.disk()));
        return new ControllerConfig(dataDir, bind, port, publicUrl, database, ttl, require(values, sources, REGION),
                parseHosts(values.getOrDefault(HOSTS, ""), sources.get(HOSTS)), defaultCidr,
                parseSize(values.getOrDefault(IMAGE_MAX_SIZE, ""), sources.get(IMAGE_MAX_SIZE)), stopTimeout,
                reconcileInterval, ratios,
                parseCount(NETWORK_SPARE_ADDRESSES, values, sources, 0, ControllerConfig.MAX_SPARE_ADDRESSES,
                        ControllerConfig.DEFAULT_SPARE_ADDRESSES, "addresses kept reserved per host network; 0"
                                + " disables them"),
                parseCount(COMPUTE_WORKERS, values, sources, 1, ControllerConfig.MAX_COMPUTE_WORKERS,
                        ControllerConfig.DEFAULT_COMPUTE_WORKERS, "threads for builds, actions and deletes"));
    }

    /** A whole number in [min, max]; unset or empty means the default. */
    private static int parseCount(String key, Map<String, String> values, Map<String, String> sources, int min,
                                  int max, int fallback, String meaning) {
        String value = values.getOrDefault(key, "");
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.matches("[0-9]{1,4}")) {
            int count = Integer.parseInt(value);
            if (count >= min && count <= max) {
                return count;
            }
        }
        throw new ConfigException(key + " = '" + value + "' (" + sources.get(key) + ") is not a whole number from "
                + min + " to " + max + "; give e.g. " + fallback + " (" + meaning + "), or remove it for the default");
    }

    /** A positive finite decimal ({@code 4}, {@code 1.5}); unset or empty means the default. */
    private static double parseRatio(String key, Map<String, String> values, Map<String, String> sources,
                                     double fallback) {
        String value = values.getOrDefault(key, "");
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            // Only plain decimals: Double.parseDouble would also take "NaN", "1e3" or "4d".
            if (!value.matches("[0-9]*\\.?[0-9]+")) {
                throw new NumberFormatException("not a decimal");
            }
            double ratio = Double.parseDouble(value);
            if (!(ratio > 0) || Double.isInfinite(ratio)) {
                throw new NumberFormatException("not positive");
            }
            return ratio;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " = '" + value + "' (" + sources.get(key) + ") is not a positive number;"
                    + " give a decimal such as " + fallback + " (servers' total may reach that many times the host's"
                    + " size), or remove it for the default " + fallback);
        }
    }

    private static OptionalLong parseSize(String value, String source) {
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        String digits = value.toUpperCase(Locale.ROOT);
        int shift = switch (digits.charAt(digits.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        if (shift > 0) {
            digits = digits.substring(0, digits.length() - 1).trim();
        }
        try {
            long number = Long.parseLong(digits);
            if (number <= 0 || number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException("out of range");
            }
            return OptionalLong.of(number << shift);
        } catch (NumberFormatException e) {
            throw new ConfigException(IMAGE_MAX_SIZE + " = '" + value + "' (" + source
                    + ") is not a positive size; give bytes (1073741824) or a K/M/G/T suffix (1G), or remove it for no limit");
        }
    }

    private static String require(Map<String, String> values, Map<String, String> sources, String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new ConfigException(key + " is empty (" + sources.getOrDefault(key, "unset") + "); give it a value or remove the line");
        }
        return value;
    }

    private static int parsePort(String value, String source) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException(PORT + " = '" + value + "' (" + source + ") is not a TCP port; use 1-65535, or 0 for any free port");
        }
    }

    private static URI parsePublicUrl(String value, String source) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(PUBLIC_URL + " = '" + value + "' (" + source
                    + ") is not an absolute http(s) URL; write it as clients reach this controller, e.g. http://cloud.example.com:8080");
        }
    }

    private static String checkJdbcUrl(String value, String source) {
        if (!value.startsWith("jdbc:sqlite:") && !value.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(DATABASE_URL + " = '" + value + "' (" + source
                    + ") is not supported; use jdbc:sqlite:/path/kvmstack.db or jdbc:postgresql://host:5432/kvmstack");
        }
        return value;
    }

    private static String checkDefaultCidr(String value, String source) {
        try {
            SubnetPool.parse(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage() + " (" + source + "); give comma-separated IPv4 CIDRs of /24 or"
                    + " wider, e.g. " + SubnetPool.DEFAULT, e);
        }
    }

    private static Duration parseTtl(String value, String source) {
        try {
            Duration ttl = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
            if (ttl.isNegative() || ttl.isZero()) {
                throw new DateTimeParseException("not positive", value, 0);
            }
            return ttl;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ConfigException(TOKEN_TTL + " = '" + value + "' (" + source
                    + ") is not a positive duration; give seconds (3600) or ISO-8601 (PT1H)");
        }
    }

    // "lab1=qemu+unix:///system?socket=/x, lab2=qemu+tcp://10.0.0.2/system": the URI may contain '=', so only
    // the first one separates name from URI.
    /** Seconds ({@code 60}) or ISO-8601 ({@code PT1M}); zero only where it means "off". */
    private static Duration parseDuration(String key, Map<String, String> values, Map<String, String> sources,
                                          boolean zeroAllowed) {
        String value = require(values, sources, key);
        String expected = zeroAllowed ? "zero (off) or a positive duration" : "a positive duration";
        try {
            Duration d = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
            if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
                throw new DateTimeParseException("out of range", value, 0);
            }
            return d;
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ConfigException(key + " = '" + value + "' (" + sources.get(key) + ") is not " + expected
                    + "; give seconds (60) or ISO-8601 (PT1M)");
        }
    }

    private static Map<String, String> parseHosts(String value, String source) {
        Map<String, String> hosts = new java.util.LinkedHashMap<>();
        for (String entry : value.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0 || eq == trimmed.length() - 1) {
                throw new ConfigException(HOSTS + " entry '" + trimmed + "' (" + source
                        + ") must be name=libvirt-uri, e.g. lab1=qemu:///system");
            }
            String name = trimmed.substring(0, eq).trim();
            if (hosts.put(name, trimmed.substring(eq + 1).trim()) != null) {
                throw new ConfigException(HOSTS + " names host '" + name + "' twice (" + source + ")");
            }
        }
        return hosts;
    }
}
