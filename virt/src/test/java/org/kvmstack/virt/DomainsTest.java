package org.kvmstack.virt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DomainsTest {
    private static VirtConnection conn;

    @BeforeAll
    static void open() {
        conn = VirtConnection.open("test:///default");
    }

    @AfterAll
    static void close() {
        conn.close();
    }

    @Test
    void lifecycleThroughOurApi() {
        String name = TestDomains.uniqueName("life");
        UUID uuid = UUID.randomUUID();
        Domains domains = conn.domains();

        DomainSummary defined = domains.define(TestDomains.xml(name, uuid));
        assertThat(defined).isEqualTo(new DomainSummary(uuid, name, -1, DomainState.SHUTOFF, true));

        DomainRef ref = DomainRef.of(uuid);
        domains.start(ref);
        assertThat(domains.get(ref).state()).isEqualTo(DomainState.RUNNING);
        assertThat(domains.get(DomainRef.of(name)).id()).isPositive();
        assertThat(domains.list()).extracting(DomainSummary::uuid).contains(uuid);

        domains.suspend(ref);
        assertThat(domains.info(ref).state()).isEqualTo(DomainState.PAUSED);
        domains.resume(ref);
        assertThat(domains.info(ref).state()).isEqualTo(DomainState.RUNNING);
        assertThat(domains.info(ref).vcpus()).isEqualTo(2);
        assertThat(domains.info(ref).maxMemoryKiB()).isEqualTo(65536);

        domains.reboot(ref);
        domains.shutdown(ref);
        assertThat(domains.get(ref).state()).isEqualTo(DomainState.SHUTOFF);

        domains.start(ref);
        domains.destroy(ref);
        assertThat(domains.get(ref).state()).isEqualTo(DomainState.SHUTOFF);

        domains.setAutostart(ref, true);
        assertThat(domains.autostart(ref)).isTrue();
        assertThat(domains.osType(ref)).isNotBlank();
        assertThat(domains.xml(ref, Set.of(XmlFlag.INACTIVE))).contains("<name>" + name + "</name>");

        domains.undefine(ref, Set.of(UndefineFlag.MANAGED_SAVE, UndefineFlag.SNAPSHOTS_METADATA));
        assertThat(domains.find(ref)).isEmpty();
    }

    @Test
    void destroyAndUndefineSucceedWhenTheDomainIsAlreadyGone() {
        DomainRef gone = DomainRef.of(UUID.randomUUID());
        conn.domains().destroy(gone);
        conn.domains().undefine(gone, Set.of());
    }

    @Test
    void destroySucceedsOnAStoppedDomain() {
        String name = TestDomains.uniqueName("stopped");
        DomainSummary d = conn.domains().define(TestDomains.xml(name, UUID.randomUUID()));
        try {
            conn.domains().destroy(DomainRef.of(d.uuid()));
        } finally {
            conn.domains().undefine(DomainRef.of(d.uuid()), Set.of());
        }
    }

    @Test
    void errorsKeepLibvirtsCode() {
        assertThatThrownBy(() -> conn.domains().get(DomainRef.of("no-such-domain")))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VirtErrorKind.NO_SUCH_DOMAIN);
                    assertThat(e.code()).isEqualTo(LibvirtCodes.NO_DOMAIN);
                    assertThat(e.libvirtMessage()).isNotBlank();
                });
        // Rebooting a domain that is not running is an invalid operation (the test driver says so with this code).
        DomainSummary stopped = conn.domains().define(TestDomains.xml(TestDomains.uniqueName("inv"), UUID.randomUUID()));
        try {
            assertThatThrownBy(() -> conn.domains().reboot(DomainRef.of(stopped.uuid())))
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VirtErrorKind.OPERATION_INVALID);
                        assertThat(e.code()).isEqualTo(LibvirtCodes.OPERATION_INVALID);
                    });
        } finally {
            conn.domains().undefine(DomainRef.of(stopped.uuid()), Set.of());
        }
        assertThatThrownBy(() -> conn.domains().define("<domain><name>broken"))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.kind()).isEqualTo(VirtErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void validatingDefineRejectsWhatTheSchemaDoesNotKnow() {
        String name = TestDomains.uniqueName("val");
        String bogus = TestDomains.xml(name, UUID.randomUUID()).replace("<devices>", "<bogus/><devices>");
        assertThatThrownBy(() -> conn.domains().define(bogus, true)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.kind()).isEqualTo(VirtErrorKind.INVALID_ARGUMENT);
            assertThat(e.code()).isEqualTo(LibvirtCodes.XML_INVALID_SCHEMA);
            assertThat(e.libvirtMessage()).contains("bogus");
        });
        assertThat(conn.domains().find(DomainRef.of(name))).isEmpty();

        UUID uuid = UUID.randomUUID();
        DomainSummary ok = conn.domains().define(TestDomains.xml(name, uuid), true);
        try {
            assertThat(ok.uuid()).isEqualTo(uuid);
            assertThat(ok.name()).isEqualTo(name);
        } finally {
            conn.domains().undefine(DomainRef.of(uuid), Set.of());
        }
    }

    @Test
    void defineTwiceWithAnotherUuidIsAlreadyExists() {
        String name = TestDomains.uniqueName("dup");
        UUID uuid = UUID.randomUUID();
        conn.domains().define(TestDomains.xml(name, uuid));
        try {
            assertThatThrownBy(() -> conn.domains().define(TestDomains.xml(name, UUID.randomUUID())))
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.kind()).isEqualTo(VirtErrorKind.ALREADY_EXISTS);
                        assertThat(e.code()).isIn(LibvirtCodes.DOM_EXIST, LibvirtCodes.OPERATION_FAILED);
                    });
        } finally {
            conn.domains().undefine(DomainRef.of(uuid), Set.of());
        }
    }

    @Test
    void statsOfTheRunningTestDomain() {
        DomainRef test = DomainRef.of("test");
        assertThat(conn.domains().interfaceStats(test, "testnet0").rxBytes()).isGreaterThanOrEqualTo(0);
        assertThat(conn.domains().blockStats(test, "vda").readRequests()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void interfaceAddressesThroughJna() {
        var addresses = conn.domains().interfaceAddresses(DomainRef.of("test"), Domains.AddressSource.LEASE);
        assertThat(addresses).isNotEmpty();
        assertThat(addresses.get(0).mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        assertThat(addresses.get(0).addresses()).extracting(InterfaceAddresses.IpAddress::address)
                .allMatch(a -> a.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
    }

    @Test
    void closedConnectionFailsWithConnectionFailed() {
        VirtConnection c = VirtConnection.open("test:///default");
        c.close();
        c.close();
        assertThat(c.isAlive()).isFalse();
        assertThatThrownBy(() -> c.domains().list()).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.kind()).isEqualTo(VirtErrorKind.CONNECTION_FAILED));
    }

    @Test
    void unreachableUriFailsFastWithConnectionFailed() {
        assertThatThrownBy(() -> VirtConnection.open("qemu+unix:///system?socket=/nonexistent/virtconn.sock"))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.kind()).isEqualTo(VirtErrorKind.CONNECTION_FAILED));
    }
}
