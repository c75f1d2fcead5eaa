package org.kvmstack.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.kvmstack.api.console.ConsoleRoutes;
import org.kvmstack.api.console.OriginPolicy;
import org.kvmstack.api.identity.IdentityRoutes;
import org.kvmstack.api.image.ImageRoutes;
import org.kvmstack.cloud.compute.BootImages;
import org.kvmstack.cloud.compute.ImageServiceBootImages;
import org.kvmstack.cloud.config.ControllerConfig;
import org.kvmstack.cloud.console.ConsoleConnector;
import org.kvmstack.cloud.console.ConsoleService;
import org.kvmstack.cloud.console.ConsoleTargets;
import org.kvmstack.cloud.console.ConsoleTokenService;
import org.kvmstack.cloud.identity.ExpiredTokenPurge;
import org.kvmstack.cloud.identity.IdentityBootstrap;
import org.kvmstack.cloud.identity.IdentityService;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.cloud.image.HostImageCache;
import org.kvmstack.cloud.image.ImageFiles;
import org.kvmstack.cloud.image.ImageService;
import org.kvmstack.cloud.store.Database;
import org.kvmstack.virt.image.ImageSafetyPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running controller, wired from a {@link ControllerConfig}: store (migrated), identity
 * (bootstrapped), HTTP server. {@code kvmstack serve} and the HTTP tests both start it through
 * {@link #start}, so tests exercise the production wiring, not a copy.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final Database database;
    private final ApiServer server;
    private final IdentityBootstrap.Result bootstrap;
    private final ComputeWiring compute;
    private final ScheduledExecutorService housekeeping;

    private Controller(Database database, ApiServer server, IdentityBootstrap.Result bootstrap, ComputeWiring compute,
                       ScheduledExecutorService housekeeping) {
        this.database = database;
        this.server = server;
        this.bootstrap = bootstrap;
        this.compute = compute;
        this.housekeeping = housekeeping;
    }

    /**
     * Starts the controller.
     *
     * @param hasher password hashing (bcrypt cost 12 in production; tests use a cheap cost)
     * @throws org.kvmstack.cloud.store.StoreException when the database cannot be opened or migrated
     * @throws UncheckedIOException when the data directory cannot be prepared
     */
    public static Controller start(ControllerConfig config, Clock clock, PasswordHasher hasher) {
        return start(config, clock, hasher, Optional.empty());
    }

    /**
     * Starts the controller, consoles resolving instances through {@code consoleTargets} instead of compute's
     * instance records (integration tests open consoles of domains they define themselves).
     *
     * @see #start(ControllerConfig, Clock, PasswordHasher)
     */
    public static Controller start(ControllerConfig config, Clock clock, PasswordHasher hasher,
                                   ConsoleTargets consoleTargets) {
        return start(config, clock, hasher, Optional.of(consoleTargets));
    }

    private static Controller start(ControllerConfig config, Clock clock, PasswordHasher hasher,
                                    Optional<ConsoleTargets> consoleTargets) {
        Objects.requireNonNull(config, "config");
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir()
                    + " (set data_dir or KVMSTACK_DATA_DIR to a writable place): " + e.getMessage(), e);
        }
        Database database = Database.open(config.database());
        try {
            return start(config, clock, hasher, database, consoleTargets);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static Controller start(ControllerConfig config, Clock clock, PasswordHasher hasher, Database database,
                                    Optional<ConsoleTargets> consoleTargets) {
        SecureRandom random = new SecureRandom();
        IdentityBootstrap.Result bootstrap = new IdentityBootstrap(database.jdbi(), hasher, clock, random)
                .run(config.adminPasswordFile());
        IdentityService identity = new IdentityService(database.jdbi(), hasher, clock, config.tokenTtl(), random);
        ExpiredTokenPurge tokenPurge = new ExpiredTokenPurge(identity);
        int purged = tokenPurge.runOnce();
        ObjectMapper json = new ObjectMapper();
        ImageService images = new ImageService(database.jdbi(), new ImageFiles(config.dataDir().resolve("images")),
                ImageSafetyPolicy.defaults(), config.imageMaxSize(), clock);
        images.recover();
        BootImages bootImages = new ImageServiceBootImages(images, new HostImageCache(database.jdbi(), images, clock));
        ComputeWiring compute = ComputeWiring.start(config, database, clock, random, json, bootImages);
        // A deleted image's cached bases leave the hosts once nothing there uses them (reconcile passes do it too).
        images.onDeleted(id -> compute.sweepUnusedBasesSoon());
        ConsoleTokenService consoleTokens = new ConsoleTokenService(database.jdbi(), clock,
                ConsoleTokenService.DEFAULT_TTL, random);
        ExpiredTokenPurge consoleTokenPurge = new ExpiredTokenPurge("console tokens", consoleTokens::purgeExpired,
                ExpiredTokenPurge.DEFAULT_BATCH_SIZE, ExpiredTokenPurge.DEFAULT_MAX_BATCHES);
        consoleTokenPurge.runOnce();
        ConsoleService consoles = new ConsoleService(consoleTargets.orElseGet(compute::consoleTargets), consoleTokens,
                new ConsoleConnector());
        List<RouteModule> modules = new java.util.ArrayList<>(List.of(new IdentityRoutes(identity, config.region(), json),
                new ImageRoutes(images, json)));
        ConsoleRoutes consoleRoutes = new ConsoleRoutes(consoles, new OriginPolicy(config.publicUrl(), List.of()), json);
        modules.addAll(compute.routes(new ConsoleServerActions(consoleRoutes.requests())));
        modules.add(consoleRoutes);
        ApiServer server;
        try {
            server = ApiServer.start(config.bindAddress(), config.port(), config.publicUrl(), identity, modules, json);
        } catch (RuntimeException e) {
            compute.close();
            throw e;
        }
        // The controller's timer for its own housekeeping (compute keeps its reconcile timer): one daemon thread.
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kvmstack-housekeeping");
            t.setDaemon(true);
            return t;
        });
        Duration purgeEvery = ExpiredTokenPurge.intervalFor(config.tokenTtl());
        tokenPurge.scheduleOn(housekeeping, purgeEvery);
        // Every console URL leaves a row unless it is used: purge those as the auth tokens are.
        consoleTokenPurge.scheduleOn(housekeeping, ExpiredTokenPurge.intervalFor(ConsoleTokenService.DEFAULT_TTL));
        LOG.info("controller listening on {}:{} (store {}, {} expired tokens purged, next purge every {})",
                config.bindAddress(), server.port(), database.engine(), purged, purgeEvery);
        return new Controller(database, server, bootstrap, compute, housekeeping);
    }

    /** The HTTP port listened on. */
    public int port() {
        return server.port();
    }

    /** The admin password, if this start created the admin user; shown once. */
    public Optional<String> generatedAdminPassword() {
        return bootstrap.generatedAdminPassword();
    }

    /** Stops the housekeeping timer and the HTTP server (letting running requests finish), then closes the store. */
    @Override
    public void close() {
        try {
            housekeeping.shutdownNow();
            server.close();
            compute.close();
        } finally {
            database.close();
        }
    }
}
