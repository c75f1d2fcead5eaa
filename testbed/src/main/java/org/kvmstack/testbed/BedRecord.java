package org.kvmstack.testbed;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a bed is, written to {@code bed.properties} when it starts so that a later process can attach to
 * it or decide that it is stale.
 *
 * @param name           bed name
 * @param hostCount      number of hosts
 * @param block          the bed's /20 address block
 * @param ownerPid       PID of the process that started it
 * @param ownerStart     start time of that process (so a reused PID is not mistaken for the owner)
 * @param keepAfterExit  whether the bed is meant to outlive its owner
 */
record BedRecord(String name, int hostCount, Ipv4Prefix block, long ownerPid, Optional<Instant> ownerStart, boolean keepAfterExit) {

    static BedRecord ofCurrentProcess(String name, int hostCount, Ipv4Prefix block, boolean keepAfterExit) {
        ProcessHandle self = ProcessHandle.current();
        return new BedRecord(name, hostCount, block, self.pid(), self.info().startInstant(), keepAfterExit);
    }

    /** True while the process that started the bed is still running. */
    boolean ownerAlive() {
        return ProcessHandle.of(ownerPid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> ownerStart.isEmpty() || p.info().startInstant().equals(ownerStart))
                .isPresent();
    }

    void write(Path file) {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("hosts", Integer.toString(hostCount));
        p.setProperty("block", block.toString());
        p.setProperty("owner.pid", Long.toString(ownerPid));
        ownerStart.ifPresent(t -> p.setProperty("owner.start", t.toString()));
        p.setProperty("keepAfterExit", Boolean.toString(keepAfterExit));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "kvmstack test bed");
        } catch (IOException e) {
            throw new TestBedException("cannot write " + file, e);
        }
    }

    static BedRecord read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            return new BedRecord(required(p, "name", file), Integer.parseInt(required(p, "hosts", file)),
                    Ipv4Prefix.parse(required(p, "block", file)), Long.parseLong(required(p, "owner.pid", file)),
                    Optional.ofNullable(p.getProperty("owner.start")).map(Instant::parse),
                    Boolean.parseBoolean(p.getProperty("keepAfterExit", "false")));
        } catch (IOException | RuntimeException e) {
            throw new TestBedException("cannot read bed record " + file, e);
        }
    }

    private static String required(Properties p, String key, Path file) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new TestBedException(file + " lacks " + key);
        }
        return value;
    }
}
