package org.kvmstack.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.ConfigException;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.cloud.config.ControllerConfig;

/** {@code network.default_cidr} through the controller's configuration loader. */
class DefaultCidrSettingTest {
    @TempDir
    Path dir;

    private ControllerConfig load(Map<String, String> env) {
        return new ConfigLoader(env, dir.resolve("absent.conf")).load(Optional.empty(),
                Map.of(ConfigLoader.DATA_DIR, dir.toString()));
    }

    @Test
    void defaultsToThe24sOf10dot87AndIsSetByEnvironment() {
        assertThat(load(Map.of()).defaultSubnetPool().candidates().get(0)).hasToString("10.87.0.0/24");
        ControllerConfig custom = load(Map.of("KVMSTACK_NETWORK_DEFAULT_CIDR", "172.30.4.0/24,10.1.0.0/23"));
        assertThat(custom.defaultSubnetPool().candidates()).extracting(Object::toString)
                .containsExactly("172.30.4.0/24", "10.1.0.0/24", "10.1.1.0/24");
    }

    @Test
    void aBadValueStopsTheControllerNamingKeyAndSource() {
        assertThatThrownBy(() -> load(Map.of("KVMSTACK_NETWORK_DEFAULT_CIDR", "10.1.0.0/27")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("network.default_cidr")
                .hasMessageContaining("KVMSTACK_NETWORK_DEFAULT_CIDR").hasMessageContaining("smaller than a /24");
    }
}
