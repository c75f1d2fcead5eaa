package org.kvmstack.testbed;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a bed keeps its files, and the names of its namespaces. One place for every path so that
 * start-up, an attaching process and the stale-bed cleaner agree.
 *
 * <pre>
 * &lt;stateRoot&gt;/&lt;bed&gt;/bed.properties   what the bed is (hosts, subnet, owner process)
 * &lt;stateRoot&gt;/&lt;bed&gt;/journal          every namespace, mount and host created, in order
 * &lt;stateRoot&gt;/&lt;bed&gt;/ns/               private mount holding the hosts' mount and UTS namespace files
 * &lt;stateRoot&gt;/&lt;bed&gt;/shared/           storage at the same path on every host
 * &lt;stateRoot&gt;/&lt;bed&gt;/hN/run|lib|etc|log|cache   the host's /run, /var/lib/libvirt, /etc/libvirt, ...
 * </pre>
 */
final class BedLayout {
    /** Short enough that "&lt;bed&gt;-fab" and "&lt;bed&gt;-h12" stay readable; netns names are files, not interfaces. */
    private static final Pattern BED_NAME = Pattern.compile("[a-z][a-z0-9-]{1,15}");

    private final Path stateRoot;
    private final String bedName;

    BedLayout(Path stateRoot, String bedName) {
        if (!BED_NAME.matcher(bedName).matches()) {
            throw new IllegalArgumentException("bed name must match " + BED_NAME + ": " + bedName);
        }
        this.stateRoot = stateRoot.toAbsolutePath().normalize();
        this.bedName = bedName;
    }

    static BedLayout of(Path bedDir) {
        Path dir = bedDir.toAbsolutePath().normalize();
        return new BedLayout(dir.getParent(), dir.getFileName().toString());
    }

    String bedName() {
        return bedName;
    }

    Path stateRoot() {
        return stateRoot;
    }

    Path bedDir() {
        return stateRoot.resolve(bedName);
    }

    /**
     * libvirt's QEMU probe results kept across beds (the one thing a bed leaves under the state root, on purpose:
     * a cache that libvirtd validates before use, safe to delete at any time).
     */
    Path capabilitiesCache() {
        return stateRoot.resolve("qemu-capabilities");
    }

    Path properties() {
        return bedDir().resolve("bed.properties");
    }

    Path journal() {
        return bedDir().resolve("journal");
    }

    Path nsDir() {
        return bedDir().resolve("ns");
    }

    Path sharedDir() {
        return bedDir().resolve("shared");
    }

    String fabricNetns() {
        return bedName + "-fab";
    }

    String hostName(int index) {
        return bedName + "-h" + index;
    }

    /** The host's network namespace has the host's name. */
    String hostNetns(int index) {
        return hostName(index);
    }

    Path hostDir(int index) {
        return bedDir().resolve("h" + index);
    }

    Path mountNsFile(int index) {
        return nsDir().resolve("h" + index + ".mnt");
    }

    Path utsNsFile(int index) {
        return nsDir().resolve("h" + index + ".uts");
    }

    /** Mounted over /run inside the host. */
    Path runDir(int index) {
        return hostDir(index).resolve("run");
    }

    /** Mounted over /var/lib/libvirt inside the host. */
    Path libDir(int index) {
        return hostDir(index).resolve("lib");
    }

    /** Mounted over /etc/libvirt inside the host. */
    Path etcDir(int index) {
        return hostDir(index).resolve("etc");
    }

    /** Mounted over /var/log/libvirt inside the host. */
    Path logDir(int index) {
        return hostDir(index).resolve("log");
    }

    /** Mounted over /var/cache/libvirt inside the host. */
    Path cacheDir(int index) {
        return hostDir(index).resolve("cache");
    }

    /** The host's private storage: /var/lib/libvirt/images inside the host. */
    Path privateStorage(int index) {
        return libDir(index).resolve("images");
    }

    Path libvirtSocket(int index) {
        return runDir(index).resolve("libvirt").resolve("libvirt-sock");
    }

    Path libvirtdPidFile(int index) {
        return runDir(index).resolve("libvirt").resolve("libvirtd.pid");
    }

    Path virtlogdPidFile(int index) {
        return runDir(index).resolve("libvirt").resolve("virtlogd.pid");
    }

    Path daemonLog(int index) {
        return hostDir(index).resolve("daemons.log");
    }

    /** The paths the host sees its private directories at, in mount order. */
    static final String HOST_RUN = "/run";
    static final String HOST_LIB = "/var/lib/libvirt";
    static final String HOST_ETC = "/etc/libvirt";
    static final String HOST_LOG = "/var/log/libvirt";
    static final String HOST_CACHE = "/var/cache/libvirt";
    static final String HOST_PRIVATE_STORAGE = "/var/lib/libvirt/images";
}
