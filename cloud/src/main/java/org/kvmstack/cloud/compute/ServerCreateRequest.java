package org.kvmstack.cloud.compute;

import java.util.Map;

/**
 * A validated-by-shape {@code POST /servers} body; {@link ComputeService#create} checks the values.
 *
 * @param portCount   how many ports to attach on the default network (0 for {@code networks: none})
 * @param userData    base64 as sent, or null
 * @param configDrive the caller asked for a config drive
 */
public record ServerCreateRequest(String name, String imageRef, String flavorRef, int portCount, String keyName,
                                  String userData, Map<String, String> metadata, boolean configDrive) {
    public ServerCreateRequest {
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }
}
