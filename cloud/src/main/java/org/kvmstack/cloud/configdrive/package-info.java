/**
 * Config drives: the ISO9660 image labelled {@code config-2} that tells a guest who it is (uuid, hostname,
 * SSH keys, metadata), what to run (user_data) and how its network is set up (network_data.json), in the
 * layout of Nova's config drive. See docs/network.md.
 */
package org.kvmstack.cloud.configdrive;
