package org.kvmstack.cloud.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.virt.DomainRef;
import org.kvmstack.virt.DomainState;
import org.kvmstack.virt.XmlFlag;
import org.kvmstack.virt.xml.domain.Domain;
import org.kvmstack.virt.xml.domain.DiskBus;

/** The build flow end to end on libvirt's test driver: success, rollback, delete, bad input. */
class BuildFlowTest {
    private ComputeFixture fx;

    @BeforeEach
    void start(@TempDir Path dir) {
        fx = ComputeFixture.onTestDriver(dir);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void buildsAnActiveServerWithDiskPortAndDomain() {
        Instance created = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("web-1"));
        Instance server = fx.compute.get(ComputeFixture.ALICE, created.id());

        assertThat(server.status()).isEqualTo("ACTIVE");
        assertThat(server.powerState()).isEqualTo(PowerState.RUNNING);
        assertThat(server.taskState()).isNull();
        assertThat(server.buildStep()).isEqualTo(BuildStep.DONE);
        assertThat(server.claimed()).isTrue();
        assertThat(server.hostId()).isNotNull();
        assertThat(server.metadata()).containsEntry("role", "test");
        assertThat(fx.host().domains().get(DomainRef.of(server.id())).state()).isEqualTo(DomainState.RUNNING);
        Domain domain = Domain.parse(fx.host().domains().xml(DomainRef.of(server.id()), Set.of(XmlFlag.INACTIVE)));
        assertThat(domain.name()).isEqualTo(HostLayout.domainName(server.id()));
        assertThat(domain.title()).isEqualTo("web-1");
        assertThat(domain.memoryKib()).isEqualTo(128 * 1024);
        assertThat(domain.devices().disks()).anySatisfy(d -> {
            assertThat(d.bus()).isEqualTo(DiskBus.VIRTIO);
            assertThat(d.source()).endsWith(HostLayout.rootDiskVolume(server.id()));
        });
        assertThat(domain.devices().interfaces()).singleElement()
                .satisfies(i -> assertThat(i.mac().toString()).isEqualTo(fx.ports.portsOf(server.id()).get(0).mac()));
        assertThat(domain.metadata().instance().instanceUuid()).isEqualTo(server.id());
        assertThat(fx.host().storage().findVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(server.id())))
                .isPresent();
    }

    @Test
    void aFailingStepRollsBackEverythingAndLeavesErrorWithAFault() {
        fx.ports.failAllocate = new IllegalStateException("no free address");
        Instance server = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("doomed"));
        Instance after = fx.instances.find(server.id()).orElseThrow();

        assertThat(after.status()).isEqualTo("ERROR");
        assertThat(after.fault().message()).contains("no free address");
        assertThat(after.claimed()).isFalse();
        assertThat(fx.host().domains().find(DomainRef.of(server.id()))).isEmpty();
        assertThat(fx.host().storage().findVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(server.id())))
                .isEmpty();
        assertThat(fx.ports.portsOf(server.id())).isEmpty();
    }

    @Test
    void everyPortIsConfirmedOnTheHostBeforeTheServerIsActive() {
        Instance server = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("confirmed"));

        assertThat(fx.instances.find(server.id()).orElseThrow().status()).isEqualTo("ACTIVE");
        assertThat(fx.ports.confirmed).containsExactlyElementsOf(
                fx.ports.portsOf(server.id()).stream().map(InstancePort::id).toList());
    }

    /** The reservation runs on its own branch, concurrently with the disk: its failure still undoes everything. */
    @Test
    void aReservationFailingOnItsBranchRollsBackTheDiskTheDomainThePortsAndTheClaim() {
        fx.ports.failConfirm = new IllegalStateException("host refused the DHCP reservation");
        Instance server = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("unreserved"));
        Instance after = fx.instances.find(server.id()).orElseThrow();

        assertThat(after.status()).isEqualTo("ERROR");
        assertThat(after.fault().message()).contains("host refused the DHCP reservation");
        assertThat(after.claimed()).isFalse();
        assertThat(after.buildStep()).isEqualTo(BuildStep.DONE);
        assertThat(fx.host().domains().find(DomainRef.of(server.id()))).isEmpty();
        assertThat(fx.host().storage().findVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(server.id())))
                .isEmpty();
        assertThat(fx.ports.portsOf(server.id())).isEmpty();
    }

    @Test
    void aFailingConfigDriveUploadRemovesDiskDrivePortsAndClaim() {
        // The test driver has no stream upload: the config drive step fails after disk and ports exist.
        ServerCreateRequest withDrive = new ServerCreateRequest("cd", PoolImages.IMAGE_ID, "1", 1, null, null,
                Map.of(), true);
        Instance server = fx.compute.create(ComputeFixture.ALICE, withDrive);
        Instance after = fx.instances.find(server.id()).orElseThrow();

        assertThat(after.status()).isEqualTo("ERROR");
        assertThat(after.claimed()).isFalse();
        assertThat(fx.host().storage().findVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(server.id()))).isEmpty();
        assertThat(fx.host().storage().findVolume(HostLayout.POOL_NAME, HostLayout.configDriveVolume(server.id()))).isEmpty();
        assertThat(fx.ports.portsOf(server.id())).isEmpty();
    }

    @Test
    void deleteRemovesDomainDiskPortsAndClaimAndIsIdempotent() {
        Instance server = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("gone"));
        fx.compute.delete(ComputeFixture.ALICE, server.id());

        Instance row = fx.instances.find(server.id()).orElseThrow();
        assertThat(row.deleted()).isTrue();
        assertThat(row.claimed()).isFalse();
        assertThat(fx.host().domains().find(DomainRef.of(server.id()))).isEmpty();
        assertThat(fx.host().storage().findVolume(HostLayout.POOL_NAME, HostLayout.rootDiskVolume(server.id()))).isEmpty();
        assertThat(fx.ports.portsOf(server.id())).isEmpty();
        assertThatThrownBy(() -> fx.compute.delete(ComputeFixture.ALICE, server.id())).isInstanceOf(NotFound.class);
    }

    @Test
    void noHostWithEnoughMemoryEndsInErrorWithNovasMessage() {
        fx.flavors.create(org.kvmstack.cloud.flavor.FlavorSpec.of("huge", "huge", 1, 64 * 1024 * 1024, 1));
        Instance server = fx.compute.create(ComputeFixture.ALICE,
                new ServerCreateRequest("big", PoolImages.IMAGE_ID, "huge", 1, null, null, Map.of(), false));
        Instance after = fx.instances.find(server.id()).orElseThrow();
        assertThat(after.status()).isEqualTo("ERROR");
        assertThat(after.fault().message()).startsWith("No valid host was found.").contains("test1: needs");
        assertThat(after.claimed()).isFalse();
    }

    @Test
    void badInputIsRefusedAndRecordsNothing() {
        int before = fx.instances.list(null, true).size();
        assertThatThrownBy(() -> fx.compute.create(ComputeFixture.ALICE,
                new ServerCreateRequest("x", PoolImages.IMAGE_ID, "no-such-flavor", 1, null, null, Map.of(), false)))
                .isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> fx.compute.create(ComputeFixture.ALICE,
                new ServerCreateRequest("x", "no-such-image", "1", 1, null, null, Map.of(), false)))
                .isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> fx.compute.create(ComputeFixture.ALICE,
                new ServerCreateRequest("x", PoolImages.IMAGE_ID, "1", 1, "no-such-key", null, Map.of(), false)))
                .isInstanceOf(BadRequest.class).hasMessage("Invalid key_name provided.");
        assertThatThrownBy(() -> fx.compute.create(ComputeFixture.ALICE,
                new ServerCreateRequest("x", PoolImages.IMAGE_ID, "1", 1, null, "%%%not base64", Map.of(), false)))
                .isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> fx.compute.create(ComputeFixture.ALICE,
                new ServerCreateRequest(" ", PoolImages.IMAGE_ID, "1", 1, null, null, Map.of(), false)))
                .isInstanceOf(BadRequest.class);
        assertThat(fx.instances.list(null, true)).hasSize(before);
    }

    @Test
    void otherProjectsDoNotSeeTheServer() {
        Instance server = fx.compute.create(ComputeFixture.ALICE, ComputeFixture.tiny("private"));
        assertThatThrownBy(() -> fx.compute.get(ComputeFixture.BOB, server.id())).isInstanceOf(NotFound.class);
        assertThat(fx.compute.list(ComputeFixture.BOB, ServerQuery.none())).extracting(Instance::id)
                .doesNotContain(server.id());
        assertThat(fx.compute.get(ComputeFixture.ADMIN, server.id()).id()).isEqualTo(server.id());
    }
}
