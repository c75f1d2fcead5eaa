package org.kvmstack.cli.client;

import java.util.List;

/**
 * The services the CLI talks to, with the catalog type names that may list each (Cinder's has
 * changed over releases) and the version path the catalog URL may lack.
 */
public enum ServiceType {
    COMPUTE("compute", List.of("compute"), ""),
    /** Glance's catalog URL is unversioned; every call goes under {@code /v2}. */
    IMAGE("image", List.of("image"), "/v2"),
    /** Neutron's catalog URL is unversioned; every call goes under {@code /v2.0}. */
    NETWORK("network", List.of("network"), "/v2.0"),
    VOLUME("volume", List.of("block-storage", "volumev3", "volume"), "");

    private final String displayName;
    private final List<String> catalogTypes;
    private final String versionPath;

    ServiceType(String displayName, List<String> catalogTypes, String versionPath) {
        this.displayName = displayName;
        this.catalogTypes = catalogTypes;
        this.versionPath = versionPath;
    }

    public String displayName() {
        return displayName;
    }

    List<String> catalogTypes() {
        return catalogTypes;
    }

    /** Appends the version path unless the catalog URL already ends with it. */
    String versioned(String catalogUrl) {
        String base = catalogUrl.replaceAll("/+$", "");
        return versionPath.isEmpty() || base.endsWith(versionPath) ? base : base + versionPath;
    }
}
