package org.kvmstack.testbed;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Several libvirt hosts on one machine, each in its own network, mount and UTS namespaces, joined by a
 * private fabric network that exists only inside the bed's namespaces. Nothing is added to the machine's
 * own network namespace.
 *
 * <p>Contract: {@link #start} either returns a bed whose every host answers on its UNIX socket, or cleans up
 * what it created and throws. {@link #close()} stops every process of every host, removes every namespace,
 * mount and file of the bed, and throws (after doing all it can) if anything was left. A bed survives its
 * creating process; {@link #attach}, {@link #destroy} and {@link #cleanupStale} work from its state
 * directory alone.
 */
public final class TestBed implements AutoCloseable {
    private final BedLayout layout;
    private final BedRecord record;
    private final List<LabHost> hosts;
    private final CommandRunner runner;
    private boolean closed;

    private TestBed(BedLayout layout, BedRecord record, List<LabHost> hosts, CommandRunner runner) {
        this.layout = layout;
        this.record = record;
        this.hosts = List.copyOf(hosts);
        this.runner = runner;
    }

    /** Starts {@code n} hosts with default settings ({@link TestBedConfig#hosts(int)}). */
    public static TestBed start(int n) {
        return start(TestBedConfig.hosts(n));
    }

    public static TestBed start(TestBedConfig config) {
        CommandRunner runner = new CommandRunner(config.commandTimeout());
        String name = config.bedName().orElseGet(TestBed::randomName);
        BedLayout layout = new BedLayout(config.stateRoot(), name);
        createBedDirectory(layout);
        try {
            AddressPlan plan = AddressPlan.choose(MachineRoutes.inUse(runner), new SecureRandom());
            BedRecord record = BedRecord.ofCurrentProcess(name, config.hostCount(), plan.block(), config.keepAfterExit());
            record.write(layout.properties());
            Journal journal = new Journal(layout.journal());
            makePrivateNsDirectory(layout, runner, journal);
            Files.createDirectories(layout.sharedDir());
            Fabric fabric = new Fabric(layout, plan, runner, journal);
            fabric.create();
            HostStarter starter = new HostStarter(layout, plan, runner, journal, fabric, config.readyTimeout());
            List<LabHost> hosts = new ArrayList<>();
            for (int i = 1; i <= config.hostCount(); i++) {
                hosts.add(starter.start(i, config.guestNetwork(), config.kvm()));
            }
            return new TestBed(layout, record, hosts, runner);
        } catch (IOException | RuntimeException e) {
            TestBedException failure = e instanceof TestBedException t ? t : new TestBedException("cannot start bed " + name, e);
            try {
                new Teardown(layout, runner).run();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /** Reattaches to a running bed started by this or an earlier process, from its directory. */
    public static TestBed attach(Path bedDir) {
        BedLayout layout = BedLayout.of(bedDir);
        BedRecord record = BedRecord.read(layout.properties());
        AddressPlan plan = new AddressPlan(record.block());
        CommandRunner runner = new CommandRunner(Duration.ofSeconds(60));
        List<LabHost> hosts = new ArrayList<>();
        for (int i = 1; i <= record.hostCount(); i++) {
            hosts.add(LabHost.of(layout, plan, runner, i));
        }
        return new TestBed(layout, record, hosts, runner);
    }

    /** Tears down the bed in {@code bedDir}, whoever started it and however far it got. */
    public static void destroy(Path bedDir) {
        new Teardown(BedLayout.of(bedDir), new CommandRunner(Duration.ofSeconds(60))).run();
    }

    /**
     * Tears down every bed under {@code stateRoot} whose creating process has exited and that was not started
     * with {@code keepAfterExit}; returns the directories it cleaned. Beds of live processes are left alone,
     * so concurrent test runs do not disturb each other.
     */
    public static List<Path> cleanupStale(Path stateRoot) {
        List<Path> cleaned = new ArrayList<>();
        if (!Files.isDirectory(stateRoot)) {
            return cleaned;
        }
        List<RuntimeException> failures = new ArrayList<>();
        try (DirectoryStream<Path> beds = Files.newDirectoryStream(stateRoot, Files::isDirectory)) {
            for (Path bed : beds) {
                if (looksLikeBed(bed) && isStale(BedLayout.of(bed))) {
                    try {
                        destroy(bed);
                        cleaned.add(bed);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }
        } catch (IOException e) {
            throw new TestBedException("cannot list " + stateRoot, e);
        }
        if (!failures.isEmpty()) {
            TestBedException error = new TestBedException("could not clean " + failures.size() + " stale bed(s) under " + stateRoot);
            failures.forEach(error::addSuppressed);
            throw error;
        }
        return cleaned;
    }

    /** Only directories named like a bed and holding a bed's files are touched; anything else in the root is not ours. */
    private static boolean looksLikeBed(Path dir) {
        try {
            BedLayout layout = BedLayout.of(dir);
            if (Files.exists(layout.properties()) || Files.exists(layout.journal())) {
                return true;
            }
            try (var entries = Files.list(dir)) {
                return entries.findAny().isEmpty(); // a start that died right after creating its directory
            }
        } catch (IllegalArgumentException e) {
            return false; // not a bed name
        } catch (IOException e) {
            throw new TestBedException("cannot inspect " + dir, e);
        }
    }

    /** The beds under {@code stateRoot}, live or stale, by directory. */
    public static List<Path> list(Path stateRoot) {
        if (!Files.isDirectory(stateRoot)) {
            return List.of();
        }
        try (var entries = Files.list(stateRoot)) {
            return entries.filter(Files::isDirectory).filter(TestBed::looksLikeBed).sorted().toList();
        } catch (IOException e) {
            throw new TestBedException("cannot list " + stateRoot, e);
        }
    }

    /** "live" (creator running), "kept" (creator gone, started to outlive it) or "stale". */
    public static String status(Path bedDir) {
        BedLayout layout = BedLayout.of(bedDir);
        if (Files.exists(layout.properties())) {
            BedRecord record = BedRecord.read(layout.properties());
            return record.ownerAlive() ? "live" : record.keepAfterExit() ? "kept" : "stale";
        }
        return isStale(layout) ? "stale" : "starting";
    }

    /** True when the bed's creating process is gone and the bed was not meant to outlive it. */
    public static boolean isStale(Path bedDir) {
        return isStale(BedLayout.of(bedDir));
    }

    private static boolean isStale(BedLayout layout) {
        if (Files.exists(layout.properties())) {
            BedRecord record = BedRecord.read(layout.properties());
            return !record.keepAfterExit() && !record.ownerAlive();
        }
        // No record yet: either a start that died at once, or one under way right now; give the latter time.
        try {
            Instant modified = Files.getLastModifiedTime(layout.bedDir()).toInstant();
            return modified.isBefore(Instant.now().minus(Duration.ofMinutes(2)));
        } catch (IOException e) {
            throw new TestBedException("cannot inspect " + layout.bedDir(), e);
        }
    }

    public String name() {
        return layout.bedName();
    }

    /** The bed's state directory (see docs/testbed.md for its layout). */
    public Path stateDir() {
        return layout.bedDir();
    }

    public List<LabHost> hosts() {
        return hosts;
    }

    /** Host {@code index}, 1-based. */
    public LabHost host(int index) {
        if (index < 1 || index > hosts.size()) {
            throw new IllegalArgumentException("bed " + name() + " has hosts 1.." + hosts.size() + ", not " + index);
        }
        return hosts.get(index - 1);
    }

    /** The network namespace holding the fabric bridge. */
    public String fabricNetns() {
        return layout.fabricNetns();
    }

    /** The fabric's subnet, e.g. 10.213.32.0/24; exists only inside the bed's namespaces. */
    public String fabricSubnet() {
        return new AddressPlan(record.block()).fabric().toString();
    }

    /** Storage visible at this same path on the machine and inside every host. */
    public Path sharedStorage() {
        return layout.sharedDir();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            new Teardown(layout, runner).run();
        }
    }

    private static String randomName() {
        byte[] bytes = new byte[2];
        new SecureRandom().nextBytes(bytes);
        return "ks-" + HexFormat.of().formatHex(bytes);
    }

    private static void createBedDirectory(BedLayout layout) {
        try {
            Files.createDirectories(layout.stateRoot());
            Files.createDirectory(layout.bedDir());
        } catch (FileAlreadyExistsException e) {
            throw new TestBedException("bed " + layout.bedName() + " already exists at " + layout.bedDir()
                    + "; destroy it first (TestBed.destroy) or choose another name", e);
        } catch (IOException e) {
            throw new TestBedException("cannot create " + layout.bedDir(), e);
        }
    }

    /**
     * Namespace files can only be bind-mounted where mount propagation is private; on systemd machines "/" is
     * shared, so the bed's ns directory becomes a private mount of its own.
     */
    private static void makePrivateNsDirectory(BedLayout layout, CommandRunner runner, Journal journal) throws IOException {
        Files.createDirectories(layout.nsDir());
        journal.record(Journal.Kind.MOUNT, layout.nsDir().toString());
        runner.run(List.of("mount", "--bind", layout.nsDir().toString(), layout.nsDir().toString())).orThrow();
        runner.run(List.of("mount", "--make-private", layout.nsDir().toString())).orThrow();
    }
}
