package org.kvmstack.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings up one host: network namespace, mount and UTS namespaces kept alive by files in the bed's ns
 * directory, private libvirt directories mounted inside, fabric link, virtlogd and libvirtd, and
 * optionally the "lab" guest network. Each step is journaled before it is taken.
 */
final class HostStarter {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Path DEV_KVM = Path.of("/dev/kvm");

    private final BedLayout layout;
    private final AddressPlan plan;
    private final CommandRunner runner;
    private final Journal journal;
    private final Fabric fabric;
    private final Duration readyTimeout;

    HostStarter(BedLayout layout, AddressPlan plan, CommandRunner runner, Journal journal, Fabric fabric, Duration readyTimeout) {
        this.layout = layout;
        this.plan = plan;
        this.runner = runner;
        this.journal = journal;
        this.fabric = fabric;
        this.readyTimeout = readyTimeout;
    }

    LabHost start(int index, boolean guestNetwork, boolean kvm) {
        prepareDirectories(index);
        createNetns(index);
        createMountAndUtsNamespaces(index);
        journal.record(Journal.Kind.HOST, Integer.toString(index), layout.hostNetns(index), layout.mountNsFile(index).toString());
        LabHost host = LabHost.of(layout, plan, runner, index);
        detachForeignNamespaceFiles(index);
        host.exec(List.of("hostname", host.name())).orThrow();
        mountPrivateDirectories(index);
        if (!kvm && Files.exists(DEV_KVM)) {
            maskKvm(index);
        }
        fabric.attach(index);
        startDaemons(host);
        awaitLibvirtd(host);
        if (index == 1) {
            QemuCapabilitiesCache.save(layout);
        }
        if (guestNetwork) {
            defineGuestNetwork(host);
        }
        return host;
    }

    private void prepareDirectories(int index) {
        try {
            // run/lock: /var/lock points into /run, and libvirt locks a console's pty there before opening it.
            for (Path dir : List.of(layout.runDir(index).resolve("libvirt"), layout.runDir(index).resolve("lock"), layout.privateStorage(index),
                    layout.etcDir(index), layout.logDir(index).resolve("qemu"), layout.cacheDir(index))) {
                // log/qemu: the package creates /var/log/libvirt/qemu; libvirtd expects it for domain and console logs
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new TestBedException("cannot create the directories of host " + index, e);
        }
        HostConfigFiles.write(layout.etcDir(index), plan.fabricAddress(index));
        QemuCapabilitiesCache.seed(layout, index);
    }

    private void createNetns(int index) {
        String ns = layout.hostNetns(index);
        NamespaceCommands.requireFreeNetns(ns);
        journal.record(Journal.Kind.NETNS, ns);
        runner.run(List.of("ip", "netns", "add", ns)).orThrow();
        runner.run(NamespaceCommands.ipIn(ns, "link", "set", "lo", "up")).orThrow();
    }

    private void createMountAndUtsNamespaces(int index) {
        Path mnt = layout.mountNsFile(index);
        Path uts = layout.utsNsFile(index);
        journal.record(Journal.Kind.MOUNT, mnt.toString());
        journal.record(Journal.Kind.MOUNT, uts.toString());
        touch(mnt);
        touch(uts);
        // unshare bind-mounts the new namespaces onto the two files and exits: the files keep them alive.
        runner.run(List.of("unshare", "--mount=" + mnt, "--uts=" + uts, "--propagation", "private", "true")).orThrow();
    }

    /**
     * The new mount namespace starts as a copy of the machine's, including every namespace file mounted there
     * (ours in the ns directory, /run/netns/*, other people's beds). A copy would keep those namespaces alive
     * after their owners delete them, so the host drops its copies.
     */
    private void detachForeignNamespaceFiles(int index) {
        Path mnt = layout.mountNsFile(index);
        runner.run(NamespaceCommands.inMountNs(mnt, List.of("umount", "--recursive", "--lazy", layout.nsDir().toString()))).orThrow();
        MountTable table = MountTable.parse(
                runner.run(NamespaceCommands.inMountNs(mnt, List.of("cat", "/proc/self/mountinfo"))).orThrow().stdout());
        for (MountTable.Mount m : table.mounts()) {
            if (m.fsType().equals("nsfs")) {
                runner.run(NamespaceCommands.inMountNs(mnt, List.of("umount", "--lazy", m.mountPoint()))).orThrow();
            }
        }
    }

    private void mountPrivateDirectories(int index) {
        Path mnt = layout.mountNsFile(index);
        bind(mnt, layout.runDir(index), BedLayout.HOST_RUN);
        bind(mnt, layout.libDir(index), BedLayout.HOST_LIB);
        bind(mnt, layout.etcDir(index), BedLayout.HOST_ETC);
        bind(mnt, layout.logDir(index), BedLayout.HOST_LOG);
        bind(mnt, layout.cacheDir(index), BedLayout.HOST_CACHE);
    }

    /**
     * Hides /dev/kvm from the host (/dev is the machine's devtmpfs, so it is covered, not removed): an empty
     * regular file on a read-only bind mount, which even root cannot open for writing. libvirt then finds KVM
     * unusable, matching what QEMU reports, so its cached probe results stay valid. (/dev/null would not do:
     * libvirt would think KVM usable, QEMU would disagree, and every start would re-probe.)
     */
    private void maskKvm(int index) {
        Path mnt = layout.mountNsFile(index);
        Path placeholder = layout.hostDir(index).resolve("no-kvm");
        touch(placeholder);
        bind(mnt, placeholder, DEV_KVM.toString());
        runner.run(NamespaceCommands.inMountNs(mnt, List.of("mount", "-o", "remount,bind,ro", DEV_KVM.toString()))).orThrow();
    }

    private void bind(Path mountNs, Path source, String target) {
        runner.run(NamespaceCommands.inMountNs(mountNs, List.of("mount", "--bind", source.toString(), target))).orThrow();
    }

    private void startDaemons(LabHost host) {
        Path log = layout.daemonLog(host.index());
        runner.runDaemonStarter(host.commandInHost(List.of(
                "virtlogd", "-d", "-p", "/run/libvirt/virtlogd.pid")), log).orThrow();
        runner.runDaemonStarter(host.commandInHost(List.of(
                "libvirtd", "-d", "--listen", "-f", "/etc/libvirt/libvirtd.conf", "-p", "/run/libvirt/libvirtd.pid")), log).orThrow();
    }

    /** Waits until libvirtd answers on its UNIX socket, polling within a bounded time. */
    private void awaitLibvirtd(LabHost host) {
        Instant deadline = Instant.now().plus(readyTimeout);
        CommandResult last = null;
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(layout.libvirtSocket(host.index()))) {
                last = runner.run(List.of("virsh", "-q", "-c", host.localUri(), "version"), Duration.ofSeconds(10));
                if (last.succeeded()) {
                    return;
                }
            }
            sleep(POLL);
        }
        throw new TestBedException("libvirtd of " + host.name() + " did not answer within " + readyTimeout
                + (last == null ? " (no socket at " + layout.libvirtSocket(host.index()) + ")" : ": " + last.stderr().strip())
                + "; see " + layout.daemonLog(host.index()) + " and " + layout.logDir(host.index()));
    }

    private void defineGuestNetwork(LabHost host) {
        Path xml = layout.hostDir(host.index()).resolve("lab-network.xml");
        try {
            Files.writeString(xml, LabNetworkXml.render(plan.guestNetwork(host.index())), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TestBedException("cannot write " + xml, e);
        }
        List<List<String>> steps = new ArrayList<>();
        steps.add(List.of("net-define", xml.toString()));
        steps.add(List.of("net-autostart", LabNetworkXml.NETWORK_NAME));
        steps.add(List.of("net-start", LabNetworkXml.NETWORK_NAME));
        for (List<String> step : steps) {
            List<String> argv = new ArrayList<>(List.of("virsh", "-q", "-c", host.localUri()));
            argv.addAll(step);
            runner.run(argv).orThrow();
        }
    }

    private static void touch(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new TestBedException("cannot create " + file, e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestBedException("interrupted while waiting for libvirtd", e);
        }
    }
}
