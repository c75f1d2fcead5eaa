/**
 * Compute hosts: the registry of libvirt hosts, their connections and the per-host storage pool.
 *
 * <p>Every host has one libvirt directory storage pool named {@value HostLayout#POOL_NAME} at
 * {@value HostLayout#POOL_PATH}; base images are cached there once per checksum, instance disks
 * (qcow2 overlays) and config drives live beside them.
 */
package org.kvmstack.cloud.host;
