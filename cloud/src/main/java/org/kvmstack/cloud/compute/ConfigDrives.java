package org.kvmstack.cloud.compute;

/**
 * Builds config-2 ISO images. The production implementation adapts
 * {@code org.kvmstack.cloud.configdrive.ConfigDriveBuilder} (network-cd slice).
 */
public interface ConfigDrives {
    /** The ISO9660 image, labelled {@code config-2}. */
    byte[] build(ConfigDriveContent content);
}
