package org.kvmstack.virt.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Network;

/** Pins the libvirt-java internals we reach into; an upgrade that changes them fails here, not in production. */
class NativeHandlesTest {
    @Test
    void reachesTheNativePointersOfLibvirtJavaObjects() throws Exception {
        Connect c = new Connect("test:///default");
        try {
            assertThat(NativeHandles.of(c)).isNotNull();
            Domain d = c.domainLookupByName("test");
            Network n = c.networkLookupByName("default");
            try {
                assertThat(NativeHandles.of(d)).isNotNull();
                assertThat(NativeHandles.of(n)).isNotNull();
                // The pointer is the real virDomainPtr: a native call on it sees the same domain.
                assertThat(NativeLibvirt.interfaceAddresses(d, 0)).isNotEmpty();
            } finally {
                n.free();
                d.free();
            }
            assertThatThrownBy(() -> NativeHandles.of(d)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("freed");
        } finally {
            c.close();
        }
    }

    @Test
    void cellsFreeMemoryOfTheTestHost() throws Exception {
        Connect c = new Connect("test:///default");
        try {
            // test:///default has two cells with 2 MiB and 4 MiB free (virsh freecell --all)
            assertThat(NativeLibvirt.cellsFreeMemory(c, 0, 2)).containsExactly(2048L * 1024, 4096L * 1024);
        } finally {
            c.close();
        }
    }
}
