package org.kvmstack.virt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.kvmstack.virt.jna.NativeLibvirt;
import org.kvmstack.virt.jna.NativeStream;
import org.kvmstack.virt.xml.backup.DomainBackup;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Domain operations of one {@link VirtConnection}. Every method throws {@link VirtException}; a domain that does not
 * exist is {@link VirtErrorKind#NO_SUCH_DOMAIN} unless the method says otherwise.
 */
public final class Domains {
    private final VirtConnection conn;

    Domains(VirtConnection conn) {
        this.conn = conn;
    }

    /** Defines (or redefines, same UUID/name) a persistent domain from XML; it is not started. */
    public DomainSummary define(String xml) {
        return conn.change("define domain", c -> Handles.use(c.domainDefineXML(xml), "define domain", Domains::summary));
    }

    /**
     * Defines a domain; with {@code validate} libvirt first checks the XML against its schema, and an element or
     * attribute it does not know fails with {@link VirtErrorKind#INVALID_ARGUMENT} instead of being silently dropped.
     */
    public DomainSummary define(String xml, boolean validate) {
        return conn.change("define domain", c -> {
            String uuid = NativeLibvirt.defineDomain(c, xml, validate);
            return Handles.use(c.domainLookupByUUIDString(uuid), "read defined domain", Domains::summary);
        });
    }

    /** Creates and starts a transient domain; it disappears when it stops. */
    public DomainSummary createTransient(String xml) {
        return conn.change("create domain", c -> Handles.use(c.domainCreateXML(xml, 0), "create domain",
                Domains::summary));
    }

    /** Starts a defined domain. OPERATION_INVALID when it is already running. */
    public void start(DomainRef ref) {
        changeOnLongCallLane("start", ref, d -> d.create());
    }

    /**
     * Starts a defined domain with its vCPUs paused ({@code VIR_DOMAIN_START_PAUSED}), e.g. to open the console
     * before the guest prints anything; {@link #resume} lets it run.
     */
    public void startPaused(DomainRef ref) {
        changeOnLongCallLane("start paused", ref, d -> d.create(1));
    }

    /**
     * Powers the domain off at once. Succeeds when the domain is already stopped or no longer exists, so callers
     * can use it for clean-up without checking first.
     */
    public void destroy(DomainRef ref) {
        try {
            changeOnLongCallLane("destroy", ref, d -> {
                d.destroy();
                return null;
            });
        } catch (VirtException e) {
            if (!e.is(VirtErrorKind.NO_SUCH_DOMAIN) && !e.is(VirtErrorKind.OPERATION_INVALID)) {
                throw e;
            }
        }
    }

    /** Asks the guest to shut down (ACPI); returns at once, the domain stops later (watch events or state). */
    public void shutdown(DomainRef ref) {
        change("shut down", ref, d -> {
            d.shutdown();
            return null;
        });
    }

    /** Asks the guest to reboot. */
    public void reboot(DomainRef ref) {
        change("reboot", ref, d -> {
            d.reboot(0);
            return null;
        });
    }

    /** Pauses the domain's vCPUs. */
    public void suspend(DomainRef ref) {
        change("suspend", ref, d -> {
            d.suspend();
            return null;
        });
    }

    public void resume(DomainRef ref) {
        change("resume", ref, d -> {
            d.resume();
            return null;
        });
    }

    /**
     * Removes the persistent definition (a running domain keeps running, now transient). Succeeds when the domain no
     * longer exists. {@code flags} say which companions (managed save, snapshot metadata, NVRAM) go with it;
     * without them libvirt refuses to undefine a domain that has them.
     */
    public void undefine(DomainRef ref, Set<UndefineFlag> flags) {
        int bits = UndefineFlag.bits(flags);
        try {
            change("undefine", ref, d -> {
                if (bits == 0) {
                    d.undefine();
                } else {
                    d.undefine(bits);
                }
                return null;
            });
        } catch (VirtException e) {
            if (!e.is(VirtErrorKind.NO_SUCH_DOMAIN)) {
                throw e;
            }
        }
    }

    /** The domain, or empty when it does not exist. */
    public Optional<DomainSummary> find(DomainRef ref) {
        try {
            return Optional.of(get(ref));
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_DOMAIN)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public DomainSummary get(DomainRef ref) {
        return query("look up", ref, Domains::summary);
    }

    /**
     * All domains, running and defined, like {@code virsh list --all}. A domain that vanishes while the list is read
     * is left out rather than failing the call.
     */
    public List<DomainSummary> list() {
        return conn.query("list domains", c -> {
            List<DomainSummary> all = new ArrayList<>();
            for (String uuid : NativeLibvirt.listAllDomainUuids(c)) {
                lookupQuietly(c, () -> c.domainLookupByUUIDString(uuid), all);
            }
            return all;
        });
    }

    /** The domain XML; {@link XmlFlag#INACTIVE} for the persistent definition, {@link XmlFlag#SECURE} for secrets. */
    public String xml(DomainRef ref, Set<XmlFlag> flags) {
        int bits = XmlFlag.bits(flags);
        return query("get XML of", ref, d -> d.getXMLDesc(bits));
    }

    public DomainInfo info(DomainRef ref) {
        return query("get info of", ref, d -> {
            org.libvirt.DomainInfo i = d.getInfo();
            return new DomainInfo(DomainState.of(i.state), i.maxMem, i.memory, i.nrVirtCpu, i.cpuTime);
        });
    }

    public String osType(DomainRef ref) {
        return query("get OS type of", ref, Domain::getOSType);
    }

    public boolean autostart(DomainRef ref) {
        return query("get autostart of", ref, Domain::getAutostart);
    }

    /** Whether the host starts the domain when libvirtd starts. */
    public void setAutostart(DomainRef ref, boolean autostart) {
        change("set autostart of", ref, d -> {
            d.setAutostart(autostart);
            return null;
        });
    }

    /** Counters of interface {@code device} (target dev, e.g. "vnet0", or MAC). */
    public InterfaceStats interfaceStats(DomainRef ref, String device) {
        return query("get interface stats of", ref, d -> {
            org.libvirt.DomainInterfaceStats s = d.interfaceStats(device);
            return new InterfaceStats(s.rx_bytes, s.rx_packets, s.rx_errs, s.rx_drop, s.tx_bytes, s.tx_packets,
                    s.tx_errs, s.tx_drop);
        });
    }

    /** Counters of disk {@code device} (target, e.g. "vda", or source path). */
    public BlockStats blockStats(DomainRef ref, String device) {
        return query("get block stats of", ref, d -> {
            org.libvirt.DomainBlockStats s = d.blockStats(device);
            return new BlockStats(s.rd_req, s.rd_bytes, s.wr_req, s.wr_bytes, s.errs);
        });
    }

    /** Where {@link #interfaceAddresses} looks. */
    public enum AddressSource {
        /** DHCP leases of libvirt-managed networks. */
        LEASE(0),
        /** The QEMU guest agent. */
        AGENT(1),
        /** The host's ARP table. */
        ARP(2);

        final int code;

        AddressSource(int code) {
            this.code = code;
        }
    }

    /** Interfaces and their addresses ({@code virsh domifaddr}); running domains only. */
    public List<InterfaceAddresses> interfaceAddresses(DomainRef ref, AddressSource source) {
        return query("get addresses of", ref, d -> NativeLibvirt.interfaceAddresses(d, source.code));
    }

    /**
     * Opens the domain's text console (first serial/console when {@code device} is null) as a bidirectional stream.
     * Works over every libvirt connection, remote included. The console is valid while this connection is open;
     * close it when done. {@code force} takes the console over from another client.
     */
    public DomainConsole openConsole(DomainRef ref, String device, boolean force) {
        return conn.change("open console of " + ref, c -> {
            Domain d = lookup(c, ref);
            NativeStream stream = NativeLibvirt.newStream(c, true);
            try {
                NativeLibvirt.openConsole(d, device, stream, force ? 1 : 0);
                return new DomainConsole(stream);
            } catch (RuntimeException e) {
                stream.close();
                throw e;
            } finally {
                Handles.free(d);
            }
        });
    }

    /**
     * Opens a new client connection to the running domain's graphics server number {@code index} (0 = the first
     * {@code <graphics>} element) through {@code virDomainOpenGraphicsFD}: QEMU accepts the connection itself, so it
     * works whatever address the server listens on, even one only reachable inside the host. The descriptor is passed
     * over libvirt's socket (SCM_RIGHTS), so this needs a local connection ({@code qemu:///system},
     * {@code qemu+unix://}); over TCP/TLS/SSH libvirt fails the call (kind {@link VirtErrorKind#OTHER} or
     * {@link VirtErrorKind#UNSUPPORTED}) and the caller must reach the listen address itself.
     *
     * @param skipAuth let this client in without the server's own password (the caller has authorized the user)
     * @throws VirtException {@link VirtErrorKind#OPERATION_INVALID} when the domain is not running
     */
    public DomainGraphics openGraphics(DomainRef ref, int index, boolean skipAuth) {
        if (index < 0) {
            throw new IllegalArgumentException("graphics index must be >= 0, got " + index);
        }
        String op = "open graphics of domain " + ref;
        return conn.change(op, c -> Handles.use(lookup(c, ref), op,
                d -> new DomainGraphics(NativeLibvirt.openGraphicsFd(d, index, skipAuth))));
    }

    /**
     * Migrates the domain to {@code target} (a direct, client-managed migration unless flags say
     * {@link MigrationFlag#PEER2PEER}). Blocks until done; watch {@link #jobInfo} from another thread for progress.
     *
     * @param newName the name on the target, or null to keep it
     * @param migrationUri the hypervisor's migration address (e.g. "tcp://10.0.0.2"), or null for the default
     * @param bandwidthMiBs 0 for no limit
     * @return the domain as seen on the target
     */
    public DomainSummary migrate(DomainRef ref, VirtConnection target, Set<MigrationFlag> flags, String newName,
                                 String migrationUri, long bandwidthMiBs) {
        if (target == conn) {
            throw new IllegalArgumentException("cannot migrate " + ref + " to its own connection " + conn.uri());
        }
        long bits = MigrationFlag.bits(flags);
        return conn.changeWith(target, "migrate " + ref + " to " + target.uri(), (mine, theirs) -> {
            Domain d = lookup(mine, ref);
            return Handles.use(d, "migrate " + ref, src -> Handles.use(
                    src.migrate(theirs, bits, newName, migrationUri, bandwidthMiBs), "migrate " + ref,
                    Domains::summary));
        });
    }

    /**
     * Migrates the domain to the libvirt at {@code targetUri}, the source libvirtd talking to the target directly
     * (peer-to-peer: {@link MigrationFlag#PEER2PEER} is added), so the caller needs no connection to the target.
     * Blocks until done.
     *
     * @param migrationUri where the target's QEMU listens (e.g. "tcp://10.0.0.2"), or null to let the target
     *                     choose (its host name must then resolve to an address the source can reach)
     */
    public void migrateToUri(DomainRef ref, String targetUri, String migrationUri, Set<MigrationFlag> flags,
                             String newName, long bandwidthMiBs) {
        long bits = MigrationFlag.bits(flags) | MigrationFlag.PEER2PEER.bit;
        changeOnLongCallLane("migrate to " + targetUri, ref,
                d -> d.migrateToURI(targetUri, migrationUri, null, bits, newName, bandwidthMiBs));
    }

    /** Progress of the domain's current job (e.g. an ongoing migration). */
    public JobInfo jobInfo(DomainRef ref) {
        return query("get job info of", ref, d -> {
            org.libvirt.DomainJobInfo j = d.getJobInfo();
            return new JobInfo(j.getType(), j.getTimeElapsed(), j.getTimeRemaining(), j.getDataTotal(),
                    j.getDataProcessed(), j.getDataRemaining(), j.getMemTotal(), j.getMemProcessed(),
                    j.getMemRemaining(), j.getFileTotal(), j.getFileProcessed(), j.getFileRemaining());
        });
    }

    /** Cancels the domain's current job (e.g. a migration). */
    public void abortJob(DomainRef ref) {
        change("abort job of", ref, Domain::abortJob);
    }

    /** How often a waiting backup looks at its job; the copy itself runs in QEMU. */
    private static final Duration BACKUP_POLL = Duration.ofMillis(250);
    /** How long a cancelled backup may take to wind down before we give up waiting. */
    private static final Duration ABORT_GRACE = Duration.ofSeconds(30);

    /**
     * Copies one disk of a running (or paused) domain into {@code targetFile} as a standalone qcow2 with a full
     * push-mode backup ({@code virDomainBackupBegin}): a crash-consistent point-in-time copy of what the guest sees,
     * backing chain flattened, while the guest keeps running and its own disk chain is left as it was. libvirt
     * creates {@code targetFile}; it must not exist. Returns when the copy is complete.
     *
     * <p>Contract: on success the file holds the whole copy. On failure, timeout or interrupt no backup job is left
     * running on the domain (a timed-out or interrupted job is aborted), but a partial {@code targetFile} may
     * remain: the caller owns that file and deletes it.
     *
     * @param diskTarget the disk's target device, e.g. {@code vda}
     * @param timeout    longest the copy may take; then it is aborted
     * @param progress   called with the running job's statistics every poll (bytes copied of total)
     * @return the finished job's statistics
     * @throws VirtException UNSUPPORTED when the domain is not running (libvirt 9 has no offline backup);
     *                       OPERATION_INVALID when it already runs a job;
     *                       OPERATION_TIMEOUT when the copy took longer than {@code timeout}; OTHER when QEMU
     *                       failed the job or it was cancelled (the message carries libvirt's reason)
     */
    public JobStats backupDisk(DomainRef ref, String diskTarget, String targetFile, Duration timeout,
                               Consumer<JobStats> progress) {
        String xml = DomainBackup.fullQcow2(diskTarget, targetFile).render();
        change("begin backup of " + diskTarget + " of", ref, d -> {
            NativeLibvirt.backupBegin(d, xml);
            return null;
        });
        String op = "back up " + diskTarget + " of domain " + ref;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                JobStats now = jobStats(ref, false);
                if (!now.isActive()) {
                    break;
                }
                progress.accept(now);
                if (System.nanoTime() - deadline > 0) {
                    abortBackup(ref);
                    throw VirtException.of(op, VirtErrorKind.OPERATION_TIMEOUT,
                            "backup did not finish within " + timeout + " (" + now.percent() + "% copied); aborted");
                }
                Thread.sleep(BACKUP_POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortBackup(ref);
            throw VirtException.of(op, VirtErrorKind.OTHER, "interrupted; backup aborted");
        }
        JobStats done = jobStats(ref, true);
        if (done.type() != JobStats.Type.COMPLETED) {
            throw VirtException.of(op, VirtErrorKind.OTHER, "backup job ended " + done.type()
                    + (done.errorMessage() == null ? "" : ": " + done.errorMessage()));
        }
        return done;
    }

    /**
     * Statistics of the domain's running job, or with {@code completed} of the last job that ended
     * ({@code virDomainGetJobStats}).
     */
    public JobStats jobStats(DomainRef ref, boolean completed) {
        return query("get job stats of", ref, d -> NativeLibvirt.jobStats(d, completed));
    }

    /**
     * Aborts a backup job running on the domain and waits (bounded) until it has ended, e.g. to clean up after a
     * controller that died mid-snapshot. Other jobs (a migration) are left alone.
     *
     * @return true when a backup was running and was aborted; false when the domain runs no backup, does not
     *         exist, or its driver has no job statistics (and so no backups, e.g. {@code test:///})
     */
    public boolean abortBackup(DomainRef ref) {
        try {
            JobStats now = jobStats(ref, false);
            if (!now.isActive() || now.operation() != JobStats.Operation.BACKUP) {
                return false;
            }
            try {
                abortJob(ref);
            } catch (VirtException e) {
                if (!e.is(VirtErrorKind.OPERATION_INVALID)) {
                    throw e; // OPERATION_INVALID: the job ended between the look and the abort
                }
            }
            long deadline = System.nanoTime() + ABORT_GRACE.toNanos();
            while (jobStats(ref, false).isActive()) {
                if (System.nanoTime() - deadline > 0) {
                    throw VirtException.of("abort backup of domain " + ref, VirtErrorKind.OPERATION_TIMEOUT,
                            "the backup job was still running " + ABORT_GRACE + " after the abort");
                }
                sleepUninterruptibly(BACKUP_POLL);
            }
            return true;
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_DOMAIN) || e.is(VirtErrorKind.UNSUPPORTED)) {
                return false;
            }
            throw e;
        }
    }

    // Clean-up must finish even when the thread was interrupted (that is often why we clean up); the flag is kept.
    private static void sleepUninterruptibly(Duration pause) {
        boolean interrupted = Thread.interrupted();
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T query(String what, DomainRef ref, Handles.HandleCall<Domain, T> fn) {
        String op = what + " domain " + ref;
        return conn.query(op, c -> Handles.use(lookup(c, ref), op, fn));
    }

    private <T> T change(String what, DomainRef ref, Handles.HandleCall<Domain, T> fn) {
        String op = what + " domain " + ref;
        return conn.change(op, c -> Handles.use(lookup(c, ref), op, fn));
    }

    /** A change that can take seconds (QEMU starting or stopping, a migration): see {@link VirtConnection}. */
    private <T> T changeOnLongCallLane(String what, DomainRef ref, Handles.HandleCall<Domain, T> fn) {
        String op = what + " domain " + ref;
        return conn.changeOnLongCallLane(op, c -> Handles.use(lookup(c, ref), op, fn));
    }

    static Domain lookup(Connect c, DomainRef ref) throws LibvirtException {
        if (ref instanceof DomainRef.ByUuid u) {
            return c.domainLookupByUUIDString(u.uuid().toString());
        }
        return c.domainLookupByName(((DomainRef.ByName) ref).name());
    }

    static DomainSummary summary(Domain d) throws LibvirtException {
        org.libvirt.DomainInfo info = d.getInfo();
        return new DomainSummary(UUID.fromString(d.getUUIDString()), d.getName(), d.getID(),
                DomainState.of(info.state), d.isPersistent() == 1);
    }

    @FunctionalInterface
    private interface Lookup {
        Domain get() throws LibvirtException;
    }

    private static void lookupQuietly(Connect c, Lookup lookup, List<DomainSummary> into) throws LibvirtException {
        Domain d;
        try {
            d = lookup.get();
        } catch (LibvirtException e) {
            VirtException v = LibvirtErrors.translate("look up listed domain", e);
            if (v.is(VirtErrorKind.NO_SUCH_DOMAIN)) {
                return; // stopped or undefined between the list and the lookup
            }
            throw v;
        }
        try {
            into.add(Handles.use(d, "read listed domain", Domains::summary));
        } catch (VirtException e) {
            if (!e.is(VirtErrorKind.NO_SUCH_DOMAIN)) {
                throw e;
            }
        }
    }
}
