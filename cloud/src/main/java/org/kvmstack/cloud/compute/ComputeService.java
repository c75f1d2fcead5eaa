package org.kvmstack.cloud.compute;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.kvmstack.cloud.error.BadRequest;
import org.kvmstack.cloud.error.Conflict;
import org.kvmstack.cloud.error.NotFound;
import org.kvmstack.cloud.flavor.Flavor;
import org.kvmstack.cloud.flavor.FlavorService;
import org.kvmstack.cloud.host.HostLayout;
import org.kvmstack.cloud.host.HostRegistry;
import org.kvmstack.cloud.host.HostResources;
import org.kvmstack.cloud.host.PoolScan;
import org.kvmstack.cloud.keypair.Keypair;
import org.kvmstack.cloud.keypair.KeypairService;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtErrorKind;
import org.kvmstack.virt.VirtException;
import org.kvmstack.virt.VolumeSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Servers: the typed commands behind Nova's server API. Requests are checked and recorded synchronously
 * (bad input changes nothing); host work (build, actions, delete) runs on the worker executor, serialised
 * per server.
 */
public final class ComputeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeService.class);
    private static final long GIB = 1024L * 1024L * 1024L;
    private static final int MAX_USER_DATA = 65535;

    private final Instances instances;
    private final FlavorService flavors;
    private final KeypairService keypairs;
    private final HostRegistry hosts;
    private final BootImages images;
    private final InstancePorts ports;
    private final ComputeSettings settings;
    private final Clock clock;
    private final Executor worker;
    private final PoolScan poolScan;
    private final InstanceLocks locks = new InstanceLocks();
    private final BuildFlow buildFlow;
    private final java.util.concurrent.ExecutorService buildSteps;
    private final ServerActions actions;
    private final SnapshotFlow snapshots;
    private final Cloning cloning;
    private final Reconciler reconciler;
    private final UnusedBaseSweeper baseSweeper;
    private final ScheduledExecutorService timer;
    private AutoCloseable eventSubscription;

    /**
     * @param worker runs host work; tests pass a direct executor to make it synchronous
     */
    public ComputeService(Instances instances, FlavorService flavors, KeypairService keypairs, HostRegistry hosts,
                          BootImages images, InstancePorts ports, ConfigDrives configDrives, ComputeSettings settings,
                          Clock clock, Executor worker) {
        this(instances, flavors, keypairs, hosts, images, ports, configDrives, settings, clock, worker,
                SnapshotFlow.CopyProgress.LOG_ONLY);
    }

    /** With an observer of live snapshot copies (tests stop a "controller" there). */
    ComputeService(Instances instances, FlavorService flavors, KeypairService keypairs, HostRegistry hosts,
                   BootImages images, InstancePorts ports, ConfigDrives configDrives, ComputeSettings settings,
                   Clock clock, Executor worker, SnapshotFlow.CopyProgress snapshotProgress) {
        this.instances = Objects.requireNonNull(instances, "instances");
        this.flavors = Objects.requireNonNull(flavors, "flavors");
        this.keypairs = Objects.requireNonNull(keypairs, "keypairs");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.images = Objects.requireNonNull(images, "images");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.worker = Objects.requireNonNull(worker, "worker");
        PoolScan poolScan = new PoolScan();
        this.poolScan = poolScan;
        Scheduler scheduler = new Scheduler(instances.jdbi(), clock);
        // A build waits for its own concurrent steps, so they cannot share the (bounded) worker pool.
        this.buildSteps = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kvmstack-build-step");
            t.setDaemon(true);
            return t;
        });
        this.buildFlow = new BuildFlow(instances, scheduler, hosts, images, ports, configDrives, new DomainDesigner(),
                clock, buildSteps);
        this.actions = new ServerActions(instances, hosts, settings.shutdownTimeout());
        this.snapshots = new SnapshotFlow(instances, hosts, images, snapshotProgress, poolScan);
        this.cloning = new Cloning(instances, ports, buildFlow, locks, clock, worker);
        this.reconciler = new Reconciler(instances, hosts, new HostTeardown(hosts, ports, poolScan), snapshots, locks,
                clock);
        this.baseSweeper = new UnusedBaseSweeper(instances, hosts, images, buildFlow.knownBases());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kvmstack-reconciler");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Recovers what a previous controller left unfinished, follows host lifecycle events and starts the
     * periodic reconciliation.
     */
    public void startReconciling() {
        int recovered = reconciler.recoverOnStart();
        if (recovered > 0) {
            LOG.info("recovered {} servers left unfinished by a previous controller", recovered);
        }
        // After recovery (which finishes or rolls back interrupted builds' ports), on a worker: host calls.
        worker.execute(this::repairReservations);
        // Events are reconciled on the reconciler's own thread, not on the workers: a burst of builds sends a burst
        // of events, and a worker held by one would be a build that waits.
        eventSubscription = hosts.onDomainEvents((host, event) -> reconcilerThread(() -> reconciler.onEvent(event)));
        long every = settings.reconcileInterval().toMillis();
        if (every > 0) {
            timer.scheduleWithFixedDelay(this::reconcileNow, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Builds running now on this controller (what a deferred spare-address refill waits out). */
    public int buildsInFlight() {
        return buildFlow.inFlight();
    }

    private void reconcilerThread(Runnable task) {
        try {
            timer.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("controller closing: event not reconciled");
        }
    }

    /**
     * Runs one reconciliation pass now (the timer does it periodically): every host's domains against the store,
     * then the port releases an unreachable host left pending (their MACs and IPs stay held until then).
     */
    public void reconcileNow() {
        reconciler.syncAll();
        sweepUnusedBases();
        try {
            int pending = ports.retryPendingReleases();
            if (pending > 0) {
                LOG.info("{} port releases still pending on unreachable hosts", pending);
            }
        } catch (RuntimeException e) {
            LOG.warn("pending port releases not retried: {}", e.toString());
        }
    }

    private void repairReservations() {
        try {
            int changed = ports.repairReservations();
            if (changed > 0) {
                LOG.info("repaired {} DHCP reservations to match the store's ports and spare addresses", changed);
            }
        } catch (RuntimeException e) {
            LOG.warn("DHCP reservations not repaired: {}", e.toString());
        }
    }

    /**
     * Removes now the cached bases that nothing needs any more (see {@link UnusedBaseSweeper}); every reconcile pass
     * does it too. Returns how many were removed; a host that fails is logged and left to the next pass.
     */
    public int sweepUnusedBases() {
        try {
            return baseSweeper.sweepAll();
        } catch (RuntimeException e) {
            LOG.warn("unused bases not swept: {}", e.toString());
            return 0;
        }
    }

    /**
     * Sweeps unused bases soon on the reconcile thread (e.g. after an image delete: never on the request's path, and
     * never at the same time as a reconcile pass's own sweep).
     */
    public void sweepUnusedBasesSoon() {
        try {
            timer.execute(this::sweepUnusedBases);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("compute is closing: no sweep of unused bases");
        }
    }

    /** Recovery on start, callable directly (tests, a CLI repair command). */
    public int recoverUnfinished() {
        return reconciler.recoverOnStart();
    }

    /**
     * Records a new server in BUILD/scheduling and hands the build to the worker.
     *
     * @throws BadRequest for an invalid name, unknown flavor/image/keypair, bad user data or a flavor disk
     *                    smaller than the image; nothing is recorded then
     */
    public Instance create(Caller caller, ServerCreateRequest request) {
        String name = ServerNames.check(request.name());
        Flavor flavor = findFlavor(request.flavorRef());
        if (request.imageRef() == null || request.imageRef().isBlank()) {
            throw new BadRequest("Block Device Mapping is Invalid: Boot sequence for the instance and image/block "
                    + "device mapping combination is not valid.");
        }
        BootImage image = images.find(request.imageRef(), caller.projectId());
        if (image.isInstallMedium() && flavor.diskGb() <= 0) {
            throw new BadRequest("Image " + image.id() + " is an ISO (install media): the flavor needs a root disk"
                    + " size to install onto, and flavor " + flavor.name() + " has disk 0.");
        }
        // an ISO is attached as a CD-ROM beside an empty root disk, so its own size does not bound the flavor's
        if (!image.isInstallMedium() && flavor.diskGb() > 0 && image.virtualSizeBytes() > flavor.diskGb() * GIB) {
            throw new BadRequest("Flavor's disk is too small for requested image. Flavor disk is "
                    + flavor.diskGb() * GIB + " bytes, image is " + image.virtualSizeBytes() + " bytes.");
        }
        if (flavor.diskGb() > 0 && image.minDiskGb() > flavor.diskGb()) {
            throw new BadRequest("Flavor's disk is too small for requested image. Flavor disk is "
                    + flavor.diskGb() + " GiB, the image needs " + image.minDiskGb() + " GiB.");
        }
        if (image.minRamMb() > flavor.ramMb()) {
            throw new BadRequest("Flavor's memory is too small for requested image.");
        }
        String keyData = null;
        if (request.keyName() != null) {
            Keypair key = keypairs.find(caller.userId(), request.keyName())
                    .orElseThrow(() -> new BadRequest("Invalid key_name provided."));
            keyData = key.publicKey();
        }
        checkUserData(request.userData());
        checkMetadata(request.metadata());
        if (request.portCount() < 0 || request.portCount() > 8) {
            throw new BadRequest("Invalid networks: between 0 and 8 ports per server");
        }
        Instant now = clock.instant();
        long diskGb = flavor.diskGb() > 0 ? flavor.diskGb() : (image.virtualSizeBytes() + GIB - 1) / GIB;
        boolean configDrive = request.configDrive() || settings.alwaysConfigDrive();
        Instance instance = new Instance(UUID.randomUUID(), name, caller.projectId(), caller.userId(), null,
                image.id(), flavor.id(), flavor.name(), flavor.vcpus(), flavor.ramMb(), diskGb, false,
                request.keyName(), keyData, request.userData(), configDrive, VmState.BUILDING, TaskState.SCHEDULING,
                PowerState.NOSTATE, BuildStep.CLAIMED, null, now, now, null, false, request.metadata());
        instances.jdbi().useTransaction(h -> Instances.insert(h, instance));
        int portCount = request.portCount();
        worker.execute(() -> locks.run(instance.id(), () -> buildFlow.build(instance.id(), portCount)));
        return instances.find(instance.id()).orElseThrow();
    }

    /** @throws NotFound when the server does not exist or belongs to another project (non-admin) */
    public Instance get(Caller caller, UUID id) {
        Instance instance = instances.find(id).filter(i -> !i.deleted())
                .orElseThrow(() -> new NotFound("Instance " + id + " could not be found."));
        if (!caller.admin() && !instance.projectId().equals(caller.projectId())) {
            throw new NotFound("Instance " + id + " could not be found.");
        }
        return instance;
    }

    /** Servers matching the query, newest first, paged after the marker. */
    public List<Instance> list(Caller caller, ServerQuery query) {
        if (query.allTenants() && !caller.admin()) {
            throw new org.kvmstack.cloud.error.Forbidden("Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed.");
        }
        Pattern name = null;
        if (query.nameRegex() != null) {
            try {
                name = Pattern.compile(query.nameRegex());
            } catch (PatternSyntaxException e) {
                throw new BadRequest("Invalid regular expression for name: " + e.getDescription());
            }
        }
        List<Instance> all = instances.list(query.allTenants() ? null : caller.projectId(), query.changesSince() != null);
        List<Instance> matching = new ArrayList<>();
        for (Instance i : all) {
            if ((name == null || name.matcher(i.name()).find())
                    && (query.status() == null || query.status().equalsIgnoreCase(i.status()))
                    && (query.imageId() == null || query.imageId().equals(i.imageId()))
                    && (query.flavorId() == null || query.flavorId().equals(i.flavorId()))
                    && (query.changesSince() == null || !i.updatedAt().isBefore(query.changesSince()))) {
                matching.add(i);
            }
        }
        int start = 0;
        if (query.marker() != null) {
            int at = -1;
            for (int k = 0; k < matching.size(); k++) {
                if (matching.get(k).id().equals(query.marker())) {
                    at = k;
                }
            }
            if (at < 0) {
                throw new BadRequest("marker [" + query.marker() + "] not found");
            }
            start = at + 1;
        }
        int end = query.limit() == null ? matching.size() : Math.min(matching.size(), start + query.limit());
        return List.copyOf(matching.subList(Math.min(start, end), end));
    }

    /** Renames a server (PUT /servers/{id}); the domain keeps its generated name. */
    public Instance rename(Caller caller, UUID id, String newName) {
        get(caller, id);
        instances.rename(id, ServerNames.check(newName));
        return get(caller, id);
    }

    /**
     * Accepts a delete (idempotent: a second delete of a server being deleted is accepted too).
     *
     * @throws Conflict while the server is the source of clones still copying its disk
     */
    public void delete(Caller caller, UUID id) {
        Instance instance = get(caller, id);
        if (!instances.beginDelete(id)) {
            Instance now = instances.find(id).orElse(instance);
            if (now.taskState() == TaskState.CLONING) {
                throw StateConflicts.of("delete", now);
            }
            return; // already being deleted
        }
        worker.execute(() -> locks.run(id, () -> {
            Instance current = instances.find(id).orElse(null);
            if (current == null || current.deleted()) {
                return;
            }
            try {
                reconciler.finishDelete(current);
            } catch (RuntimeException e) {
                LOG.warn("instance {}: delete left for the reconciler: {}", id, e.toString());
                reconciler.deferRecovery(current); // retried by every reconcile pass until the host lets it finish
            }
        }));
    }

    /**
     * Accepts an action when the server's state allows it.
     *
     * @throws Conflict with Nova's message when it does not
     */
    public void act(Caller caller, UUID id, ServerAction action) {
        Instance instance = get(caller, id);
        if (!instances.beginTask(id, action.from(), action.task())) {
            throw StateConflicts.of(action.novaName(), instances.find(id).orElse(instance));
        }
        worker.execute(() -> locks.run(id, () -> actions.run(id, action)));
    }

    /**
     * Accepts a snapshot of the server's root disk (Nova's createImage): records a queued private qcow2 image owned
     * by the server's project with {@code image_type=snapshot}, {@code instance_uuid} and {@code base_image_ref}
     * (plus {@code metadata}), sets task_state image_snapshot (with the image id, in the same update) and hands the
     * copy to the worker, which takes the image to active and clears the task, or deletes the image and clears the
     * task on failure. A stopped server's disk is copied offline; an active, paused or suspended server's disk is
     * copied live by a backup job while the guest keeps running (crash-consistent, like pulling the plug).
     *
     * @return the new image's id
     * @throws NotFound   when the caller cannot see the server
     * @throws BadRequest for an invalid name or metadata
     * @throws Conflict   when the server is not active, paused, suspended or stopped (e.g. building or in error),
     *                    or is busy with a task
     */
    public String createImage(Caller caller, UUID id, String name, Map<String, String> metadata) {
        Instance instance = get(caller, id);
        ServerNames.check(name);
        checkMetadata(metadata);
        java.util.Map<String, String> properties = new java.util.TreeMap<>(metadata);
        properties.put("image_type", "snapshot");
        properties.put("instance_uuid", id.toString());
        properties.put("base_image_ref", instance.imageId() == null ? "" : instance.imageId());
        // The id is chosen here and recorded with the task before the image exists, so a crash between the two
        // steps still leaves the id a restart needs to clean up.
        String imageId = UUID.randomUUID().toString();
        if (!instances.beginSnapshot(id, SnapshotFlow.ACCEPTED, imageId)) {
            throw StateConflicts.of("createImage", instances.find(id).orElse(instance));
        }
        try {
            images.beginSnapshot(imageId, instance.projectId(), name, properties);
        } catch (RuntimeException e) {
            instances.endSnapshot(id);
            throw e;
        }
        worker.execute(() -> locks.run(id, () -> snapshots.run(id, imageId)));
        return imageId;
    }

    /**
     * Clones a stopped server (kvmstack extension {@code kvmstack:clone}): {@code count} new servers named
     * {@code namePrefix-1..count} (the source's name when the prefix is null), in the source's project, with its
     * flavor, image, key, user data and metadata, new ports and a config drive that gives each its own uuid and
     * hostname. Each clone is scheduled and claimed on its own, on the source's host; its root disk is a standalone
     * qcow2 copy of the source's current disk. The clones build concurrently on the worker pool; the source keeps
     * task_state cloning (so it cannot start, stop or be deleted) until every clone has copied its disk.
     *
     * @return the clones, recorded in BUILD
     * @throws NotFound   when the caller cannot see the server
     * @throws BadRequest when {@code count} is outside 1..{@value Cloning#MAX_CLONES} or a clone name is invalid
     * @throws Conflict   when the server is not stopped or is busy with a task
     */
    public List<Instance> cloneServer(Caller caller, UUID id, int count, String namePrefix) {
        return cloning.start(caller.userId(), get(caller, id), count, namePrefix);
    }

    /** The last {@code length} lines (all when null) of the server's serial console log. */
    public String consoleOutput(Caller caller, UUID id, Integer length) {
        Instance instance = get(caller, id);
        if (instance.hostId() == null) {
            throw new Conflict("Cannot 'get_console_output' instance " + id + " while it is in vm_state "
                    + instance.vmState().value());
        }
        HostResources host = hosts.byId(instance.hostId()).orElseThrow();
        VirtConnection conn = hosts.connection(host.host());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // By name, rescanning only the first time (virtlogd creates the file behind libvirt's back): a download
            // reads the file to its end whatever size the pool last saw, and libvirt refuses a rescan while a clone
            // or snapshot copies a disk in the pool.
            Optional<VolumeSummary> log = poolScan.find(conn, HostLayout.consoleLogVolume(id));
            if (log.isEmpty()) {
                return "";
            }
            conn.storage().download(HostLayout.POOL_NAME, log.get().name(), out);
        } catch (VirtException e) {
            if (e.is(VirtErrorKind.NO_SUCH_VOLUME) || e.is(VirtErrorKind.NO_SUCH_POOL)) {
                return "";
            }
            if (e.is(VirtErrorKind.BUSY)) {
                throw new Conflict("The console log of instance " + id + " cannot be found while a disk copy runs on"
                        + " its host; try again when the clone or snapshot is done.");
            }
            throw e;
        }
        String text = out.toString(StandardCharsets.UTF_8);
        if (length == null) {
            return text;
        }
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - length), lines.size()));
    }

    /** The server's ports, for its addresses. */
    public List<InstancePort> portsOf(UUID id) {
        return ports.portsOf(id);
    }

    /** The ports of a page of servers in one read, for their addresses; a server without ports may have no key. */
    public Map<UUID, List<InstancePort>> portsOf(java.util.Collection<UUID> ids) {
        return ports.portsOf(ids);
    }

    /** The id of the network {@code networks: [{"uuid"}]} may name. */
    public java.util.Optional<String> defaultNetworkId() {
        return ports.defaultNetworkId();
    }

    private Flavor findFlavor(String flavorRef) {
        if (flavorRef == null || flavorRef.isBlank()) {
            throw new BadRequest("Invalid flavorRef provided.");
        }
        // Clients send an id or a link ending in the id.
        String id = flavorRef.substring(flavorRef.lastIndexOf('/') + 1);
        try {
            return flavors.get(id);
        } catch (NotFound e) {
            throw new BadRequest("Flavor " + id + " could not be found.");
        }
    }

    private static void checkUserData(String userData) {
        if (userData == null) {
            return;
        }
        if (userData.length() > MAX_USER_DATA) {
            throw new BadRequest("Invalid input for field/attribute user_data. Value is too long (max " + MAX_USER_DATA + ")");
        }
        try {
            Base64.getDecoder().decode(userData.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("User data needs to be valid base 64.");
        }
    }

    private static void checkMetadata(Map<String, String> metadata) {
        if (metadata.size() > 128) {
            throw new org.kvmstack.cloud.error.OverLimit("Quota exceeded for metadata_items: at most 128");
        }
        metadata.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > 255 || v.length() > 255) {
                throw new BadRequest("Invalid input for field/attribute metadata: keys 1-255 characters, values at most 255");
            }
        });
    }

    /** Stops the reconciliation timer, the event subscription and the pool of concurrent build steps. */
    @Override
    public void close() {
        timer.shutdownNow();
        // Steps already running finish; a build that would start new ones now fails and is rolled back.
        buildSteps.shutdown();
        if (eventSubscription != null) {
            try {
                eventSubscription.close();
            } catch (Exception e) {
                LOG.warn("closing host event subscriptions: {}", e.toString());
            }
        }
    }
}
