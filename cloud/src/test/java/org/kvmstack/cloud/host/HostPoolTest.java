package org.kvmstack.cloud.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.PoolSummary;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.xml.storage.StoragePool;

/** {@link HostPool} on libvirt's test driver (a fresh in-memory host per connection). */
class HostPoolTest {
    @Test
    void definesBuildsStartsAndAutostartsThePoolOnceAndIsIdempotent() {
        try (VirtConnection host = VirtConnection.open("test:///default")) {
            assertThat(host.storage().findPool(HostLayout.POOL_NAME)).isEmpty();
            PoolSummary first = HostPool.ensure(host);
            assertThat(first.state()).isEqualTo(PoolSummary.State.RUNNING);
            assertThat(first.persistent()).isTrue();
            assertThat(first.autostart()).isTrue();
            assertThat(StoragePool.parse(host.storage().poolXml(HostLayout.POOL_NAME)).targetPath())
                    .isEqualTo(HostLayout.POOL_PATH);

            PoolSummary again = HostPool.ensure(host);
            assertThat(again.uuid()).isEqualTo(first.uuid());

            // Stopped behind our back (e.g. a host reboot without autostart): started again.
            host.storage().destroyPool(HostLayout.POOL_NAME);
            assertThat(HostPool.ensure(host).state()).isEqualTo(PoolSummary.State.RUNNING);
        }
    }

    @Test
    void aPoolOfOurNameElsewhereIsRefusedWithWhatToDo() {
        try (VirtConnection host = VirtConnection.open("test:///default")) {
            host.storage().definePool(StoragePool.dir(HostLayout.POOL_NAME, UUID.randomUUID(), "/srv/elsewhere")
                    .render());
            assertThatThrownBy(() -> HostPool.ensure(host)).isInstanceOf(HostStorageException.class)
                    .hasMessageContaining("/srv/elsewhere").hasMessageContaining("pool-undefine");
        }
    }
}
