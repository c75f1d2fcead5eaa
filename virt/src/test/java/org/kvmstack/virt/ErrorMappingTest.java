package org.kvmstack.virt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorMappingTest {
    @Test
    void codesCallersActOnMapToKinds() {
        assertThat(VirtErrorKind.ofCode(42)).isEqualTo(VirtErrorKind.NO_SUCH_DOMAIN);
        assertThat(VirtErrorKind.ofCode(43)).isEqualTo(VirtErrorKind.NO_SUCH_NETWORK);
        assertThat(VirtErrorKind.ofCode(49)).isEqualTo(VirtErrorKind.NO_SUCH_POOL);
        assertThat(VirtErrorKind.ofCode(50)).isEqualTo(VirtErrorKind.NO_SUCH_VOLUME);
        assertThat(VirtErrorKind.ofCode(55)).isEqualTo(VirtErrorKind.OPERATION_INVALID);
        assertThat(VirtErrorKind.ofCode(38)).isEqualTo(VirtErrorKind.CONNECTION_FAILED);
        assertThat(VirtErrorKind.ofCode(90)).isEqualTo(VirtErrorKind.ALREADY_EXISTS);
        assertThat(VirtErrorKind.ofCode(84)).isEqualTo(VirtErrorKind.UNSUPPORTED);
        assertThat(VirtErrorKind.ofCode(1)).isEqualTo(VirtErrorKind.OTHER);
    }

    @Test
    void duplicateDefinitionsReportedAsOperationFailedAreAlreadyExists() {
        assertThat(VirtErrorKind.of(9, "operation failed: domain 'a' already exists with uuid x"))
                .isEqualTo(VirtErrorKind.ALREADY_EXISTS);
        assertThat(VirtErrorKind.of(9, "operation failed: something else")).isEqualTo(VirtErrorKind.OTHER);
    }

    @Test
    void aPoolRefusingARefreshWhileACopyRunsIsBusy() {
        assertThat(VirtErrorKind.of(1, "internal error: pool 'kvmstack' has asynchronous jobs running."))
                .isEqualTo(VirtErrorKind.BUSY);
        assertThat(VirtErrorKind.of(1, "internal error: something else")).isEqualTo(VirtErrorKind.OTHER);
    }

    @Test
    void exceptionKeepsCodeDomainAndMessage() {
        VirtException e = new VirtException("start domain x", 55, 10, "Requested operation is not valid", null);
        assertThat(e.kind()).isEqualTo(VirtErrorKind.OPERATION_INVALID);
        assertThat(e.code()).isEqualTo(55);
        assertThat(e.errorDomain()).isEqualTo(10);
        assertThat(e.getMessage()).isEqualTo("start domain x: Requested operation is not valid (libvirt error 55)");
    }

    @Test
    void libvirtVersionNumbers() {
        LibvirtVersion v = LibvirtVersion.of(9_000_000L);
        assertThat(v).isEqualTo(new LibvirtVersion(9, 0, 0));
        assertThat(LibvirtVersion.of(7_002_011L).toString()).isEqualTo("7.2.11");
        assertThat(LibvirtVersion.of(7_002_011L)).isLessThan(v);
    }
}
