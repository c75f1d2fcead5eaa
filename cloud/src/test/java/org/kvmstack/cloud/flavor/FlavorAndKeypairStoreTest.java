package org.kvmstack.cloud.flavor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.keypair.GeneratedKeypair;
import org.kvmstack.cloud.keypair.KeypairService;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.cloud.store.testing.StoreEngine;
import org.kvmstack.cloud.store.testing.StoreTest;

/** Flavors and keypairs on SQLite and PostgreSQL. */
class FlavorAndKeypairStoreTest {

    @StoreTest
    void defaultFlavorsOnceExtraSpecsAndDelete(StoreEngine engine) {
        Database db = engine.open();
        FlavorService flavors = new FlavorService(db.jdbi(), Clock.systemUTC());
        assertThat(flavors.bootstrapDefaults()).isEqualTo(FlavorService.DEFAULTS.size());
        assertThat(flavors.bootstrapDefaults()).isZero();
        assertThat(flavors.get("1").name()).isEqualTo("m1.tiny");
        assertThat(flavors.get("1").ramMb()).isEqualTo(128);

        flavors.putExtraSpecs("2", Map.of("hw:mem_page_size", "small", "quota:cpu_shares", "512"));
        flavors.putExtraSpecs("2", Map.of("hw:mem_page_size", "large"));
        assertThat(flavors.get("2").extraSpecs()).containsEntry("hw:mem_page_size", "large").hasSize(2);
        assertThatThrownBy(() -> flavors.create(FlavorSpec.of(null, "m1.tiny", 1, 64, 1))).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> flavors.create(FlavorSpec.of(null, "z", 0, 64, 1))).isInstanceOf(BadRequest.class);
        flavors.delete("2");
        assertThatThrownBy(() -> flavors.get("2")).isInstanceOf(NotFound.class);
    }

    @StoreTest
    void keypairsArePerUser(StoreEngine engine) {
        Database db = engine.open();
        KeypairService keys = new KeypairService(db.jdbi(), Clock.systemUTC(), new SecureRandom());
        GeneratedKeypair ed = keys.generate("alice", "laptop", KeypairService.Algorithm.ED25519);
        assertThat(ed.keypair().publicKey()).startsWith("ssh-ed25519 ");
        // What we write must parse as OpenSSH again (round trip through import under another user).
        assertThat(keys.importKey("bob", "laptop", ed.keypair().publicKey()).fingerprint())
                .isEqualTo(ed.keypair().fingerprint());
        assertThat(keys.list("alice")).hasSize(1);
        assertThatThrownBy(() -> keys.generate("alice", "laptop", KeypairService.Algorithm.RSA)).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> keys.importKey("alice", "x", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==")).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> keys.importKey("alice", "bad/name", ed.keypair().publicKey())).isInstanceOf(BadRequest.class);
        keys.delete("alice", "laptop");
        assertThat(keys.find("bob", "laptop")).isPresent();
        assertThatThrownBy(() -> keys.delete("alice", "laptop")).isInstanceOf(NotFound.class);
    }
}
