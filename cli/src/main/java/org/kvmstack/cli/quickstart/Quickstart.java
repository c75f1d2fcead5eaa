package org.kvmstack.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.kvmstack.cli.client.ClientException;
import org.kvmstack.cli.client.CloudConfig;
import org.kvmstack.cli.client.OpenStackClient;
import org.kvmstack.cli.client.ServiceType;
import org.kvmstack.cli.client.UrlParts;
import org.kvmstack.cli.flavor.Flavors;
import org.kvmstack.cli.image.Images;
import org.kvmstack.cloud.config.ConfigLoader;
import org.kvmstack.virt.validate.CheckStatus;
import org.kvmstack.virt.validate.HostValidator;
import org.kvmstack.virt.validate.ValidationReport;

/**
 * The steps of {@code kvmstack quickstart}, each idempotent: validate the host, start (or reuse) the
 * lab host, write the controller's config, start (or reuse) the controller in the background, wait for
 * it, write the admin's credentials, upload the tiny image if absent, and say what to run next.
 */
final class Quickstart {
    /** What the run was asked to do. */
    record Settings(QuickstartLayout layout, Optional<String> hostUri, String labName, String bind, int port,
            Optional<Path> image, String imageName, Duration readyTimeout) {}

    static final int STEPS = 7;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    private final Map<String, String> environment;
    private final Supplier<HostValidator> validators;
    private final LabHosts labHosts;
    private final ProgressLog progress;
    private final PrintWriter err;

    Quickstart(Settings settings, Map<String, String> environment, Supplier<HostValidator> validators,
            LabHosts labHosts, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.environment = environment;
        this.validators = validators;
        this.labHosts = labHosts;
        this.progress = new ProgressLog(out, STEPS);
        this.err = err;
    }

    void run() {
        QuickstartLayout layout = settings.layout();
        Optional<QuickstartState> previous = QuickstartState.read(layout.stateFile());
        validateHost();
        createDataDir(layout.dataDir());
        String hostUri = labHost(previous);
        int port = previous.map(QuickstartState::port).filter(p -> p > 0).orElse(settings.port());
        URI identity = URI.create("http://" + clientAddress(settings.bind()) + ":" + port + "/identity/v3");

        progress.begin("config");
        ControllerConfigFile.write(layout.configFile(), layout.dataDir(), settings.bind(), port, hostUri);
        progress.done(layout.configFile() + " (hosts = " + ControllerConfigFile.HOST_NAME + "=" + hostUri + ")");

        startController(identity);
        String password = adminPassword(layout);
        String region = new ConfigLoader(Map.of()).load(Optional.of(layout.configFile()), Map.of()).region();

        progress.begin("credentials");
        CredentialFiles.writeCloudsYaml(layout.cloudsYaml(), identity, password, region);
        CredentialFiles.writeOpenrc(layout.openrc(), identity, password, region);
        progress.done(layout.cloudsYaml() + " (cloud " + CredentialFiles.CLOUD_NAME + "), " + layout.openrc());

        OpenStackClient client = OpenStackClient.connect(new CloudConfig(identity, "admin", password, "admin",
                "Default", "Default", Optional.empty(), CLIENT_TIMEOUT, layout.cloudsYaml().toString()));
        tinyImage(client);
        defaults(client);

        progress.line("");
        progress.line("kvmstack is running: API " + identity.resolve("/") + " (identity " + identity + ")");
        progress.line("  files: " + layout.dataDir() + " (controller log " + layout.controllerLog() + ")");
        progress.line("  stop:  kvmstack quickstart stop [--purge]");
        progress.line("next:");
        progress.line("  export OS_CLOUD=" + CredentialFiles.CLOUD_NAME + " OS_CLIENT_CONFIG_FILE=" + layout.cloudsYaml());
        progress.line("  openstack server create --image " + settings.imageName()
                + " --flavor m1.tiny --network kvmstack-default --wait vm1");
    }

    private void validateHost() {
        progress.begin("host");
        // without --host-uri the lab host is started below, so there is no libvirtd to check yet
        String uri = settings.hostUri().orElse("qemu:///system");
        Set<String> skip = settings.hostUri().isPresent() ? Set.of() : Set.of("libvirtd");
        ValidationReport report = validators.get().validate(uri, skip);
        if (!report.canRunGuests()) {
            List<String> failed = report.checks().stream().filter(c -> c.status() == CheckStatus.FAIL)
                    .map(c -> c.name() + " (" + c.reason() + ")").toList();
            progress.done("cannot run guests");
            throw new QuickstartException("this host cannot run guests: " + String.join(", ", failed)
                    + "; see 'kvmstack host validate'");
        }
        progress.done(report.verdict().summary());
    }

    private String labHost(Optional<QuickstartState> previous) {
        QuickstartLayout layout = settings.layout();
        progress.begin("lab host");
        if (settings.hostUri().isPresent()) {
            String uri = settings.hostUri().get();
            if (previous.flatMap(QuickstartState::labBedDir).filter(Files::isDirectory).isPresent()) {
                progress.done("conflict");
                throw new QuickstartException("quickstart already runs a lab host in " + layout.dataDir()
                        + "; run 'kvmstack quickstart stop' before adopting " + uri);
            }
            if (!labHosts.answers(uri)) {
                progress.done("unreachable");
                throw new QuickstartException("no libvirtd answers at " + uri);
            }
            new QuickstartState(Optional.empty(), uri, settings.port()).write(layout.stateFile());
            progress.done("adopted " + uri + " (quickstart stop leaves it running)");
            return uri;
        }
        requireRoot();
        Optional<Path> bedDir = previous.flatMap(QuickstartState::labBedDir);
        Optional<LabHosts.Lab> reused = bedDir.flatMap(labHosts::reuse);
        if (reused.isPresent()) {
            progress.done("reused " + reused.get().name() + " (" + reused.get().uri() + ")");
            return reused.get().uri();
        }
        // a bed left without a working libvirtd (e.g. after a reboot) is removed before a new one is made
        bedDir.ifPresent(labHosts::destroy);
        int port = previous.map(QuickstartState::port).filter(p -> p > 0).orElse(settings.port());
        // recorded before the start, so that 'quickstart stop' finds a bed even if this run dies half-way
        Path newBed = layout.labRoot().resolve(settings.labName());
        new QuickstartState(Optional.of(newBed), "", port).write(layout.stateFile());
        LabHosts.Lab lab = labHosts.start(layout.labRoot(), settings.labName());
        new QuickstartState(Optional.of(lab.bedDir()), lab.uri(), port).write(layout.stateFile());
        progress.done("started " + lab.name() + " in its own namespaces (" + lab.uri() + ")");
        return lab.uri();
    }

    private void startController(URI identity) {
        ControllerProcess controller = new ControllerProcess(settings.layout());
        progress.begin("controller");
        Optional<ProcessHandle> running = controller.running();
        if (running.isPresent()) {
            controller.awaitReady(running.get(), identity, settings.readyTimeout());
            progress.done("running, PID " + running.get().pid() + " (reused)");
            return;
        }
        long started = System.nanoTime();
        ProcessHandle process = controller.start();
        controller.awaitReady(process, identity, settings.readyTimeout());
        progress.done(String.format("started in the background, PID %d, answering after %.1f s (log %s)",
                process.pid(), (System.nanoTime() - started) / 1e9, settings.layout().controllerLog()));
    }

    private static String adminPassword(QuickstartLayout layout) {
        try {
            return Files.readString(layout.adminPasswordFile()).strip();
        } catch (IOException e) {
            throw new QuickstartException("cannot read the admin password from " + layout.adminPasswordFile()
                    + " (the controller writes it at its first start): " + e.getMessage(), e);
        }
    }

    private void tinyImage(OpenStackClient client) {
        progress.begin("image " + settings.imageName());
        try {
            JsonNode existing = Images.list(client, "name=" + UrlParts.query(settings.imageName()));
            for (JsonNode image : existing) {
                if ("active".equals(image.path("status").asText())) {
                    progress.done("present (" + image.path("id").asText() + ")");
                    return;
                }
            }
            // an image left queued by an interrupted upload is replaced, not duplicated
            for (JsonNode image : existing) {
                client.delete(ServiceType.IMAGE, "/images/" + UrlParts.segment(image.path("id").asText()));
            }
            Path disk = settings.image().orElseGet(() -> GuestImage.build(GuestImage.script(environment)));
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("name", settings.imageName());
            body.put("disk_format", "qcow2");
            body.put("container_format", "bare");
            body.put("visibility", "public");
            String id = client.post(ServiceType.IMAGE, "/images", body).path("id").asText();
            // the step's line first: the upload's progress follows on stderr
            progress.done("uploading " + disk + " as " + id);
            Images.upload(client, id, disk, err);
        } catch (ClientException e) {
            if (e.isNotFound()) {
                // the image service arrives on its own branch; until then quickstart still gives a working controller
                progress.done("skipped: the controller has no image service yet (" + e.getMessage() + ")");
                return;
            }
            throw e;
        }
    }

    private void defaults(OpenStackClient client) {
        progress.begin("defaults");
        List<String> parts = new ArrayList<>();
        try {
            List<String> names = new ArrayList<>();
            Flavors.list(client).forEach(f -> names.add(f.path("name").asText()));
            parts.add("flavors " + (names.isEmpty() ? "(none)" : String.join(", ", names)));
        } catch (ClientException e) {
            parts.add("flavors not served yet (HTTP " + e.status().orElse(0) + ")");
        }
        try {
            List<String> names = new ArrayList<>();
            client.get(ServiceType.NETWORK, "/networks").path("networks")
                    .forEach(n -> names.add(n.path("name").asText()));
            parts.add("networks " + (names.isEmpty() ? "(none)" : String.join(", ", names)));
        } catch (ClientException e) {
            parts.add("networks not served yet (HTTP " + e.status().orElse(0) + ")");
        }
        progress.done(String.join("; ", parts));
    }

    private static void createDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new QuickstartException("the lab host runs libvirtd in network namespaces, which needs root;"
                    + " run as root, or adopt a running libvirtd with --host-uri URI");
        }
    }

    /** The address clients use: the bound one, or loopback when bound to every address. */
    static String clientAddress(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.isEmpty() ? "127.0.0.1"
                : bind.contains(":") ? "[" + bind + "]" : bind;
    }
}
