package org.kvmstack.virt.validate;

import java.time.Duration;
import org.kvmstack.virt.VersionInfo;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtException;

/** Asks libvirtd through a short-lived read-only {@link VirtConnection}. */
final class ConnectionLibvirtdProbe implements LibvirtdProbe {
    private static final VirtConnection.Options READ_ONLY =
            new VirtConnection.Options(Duration.ofSeconds(5), 3, true);

    @Override
    public LibvirtdVersions versions(String uri) throws LibvirtdUnreachableException {
        try (VirtConnection connection = VirtConnection.open(uri, READ_ONLY)) {
            VersionInfo v = connection.version();
            return new LibvirtdVersions(v.hypervisorType(), v.hypervisorVersion().toString(),
                    v.libvirtVersion().toString());
        } catch (VirtException e) {
            String reason = e.libvirtMessage() == null ? e.getMessage() : e.libvirtMessage();
            throw new LibvirtdUnreachableException(uri, reason, e);
        }
    }
}
