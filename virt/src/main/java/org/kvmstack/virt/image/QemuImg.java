package org.kvmstack.virt.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvmstack.virt.image.QemuImgException.Kind;

/**
 * A narrow wrapper over the {@code qemu-img} binary.
 *
 * <p>Contracts every method keeps:
 * <ul>
 *   <li>Every call passes an explicit {@code -f} (and {@code -F} for backing files) taken from an
 *       {@link ImageFormat}: qemu-img never guesses a format from content, so a raw image whose bytes look like qcow2
 *       stays raw.</li>
 *   <li>Paths must be absolute and free of NUL. An absolute path cannot be read by qemu-img as a protocol
 *       ({@code nbd:}, {@code json:}) or an option.</li>
 *   <li>Commands run from an argument list, never through a shell, with a time bound. {@code info} and {@code check}
 *       parse untrusted headers and also run under {@code prlimit} (address space and CPU time) when it exists.</li>
 *   <li>Failures are {@link QemuImgException}s carrying the command, exit code and stderr.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class QemuImg {
    private static final Pattern PROGRESS = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");
    private static final int CHECK_CORRUPTIONS = 2;
    private static final int CHECK_LEAKS = 3;
    private static final int CHECK_UNSUPPORTED = 63;

    private final String binary;
    private final Optional<String> prlimit;
    private final Duration inspectTimeout;
    private final Duration workTimeout;
    private final long inspectAddressSpace;
    private final ObjectMapper json = new ObjectMapper();

    private QemuImg(String binary, Optional<String> prlimit, Duration inspectTimeout, Duration workTimeout,
                    long inspectAddressSpace) {
        this.binary = binary;
        this.prlimit = prlimit;
        this.inspectTimeout = inspectTimeout;
        this.workTimeout = workTimeout;
        this.inspectAddressSpace = inspectAddressSpace;
    }

    /**
     * {@code qemu-img} from PATH; {@code info}/{@code check} limited to 30 s and 1 GiB of address space (the
     * limits OpenStack uses for the same job); create/convert/resize limited to 6 hours.
     */
    public static QemuImg withDefaults() {
        return of("qemu-img", Duration.ofSeconds(30), Duration.ofHours(6), 1L << 30);
    }

    /**
     * @param binary              the qemu-img binary (name on PATH or absolute path)
     * @param inspectTimeout      time bound for info and check
     * @param workTimeout         time bound for create, convert and resize
     * @param inspectAddressSpace address space limit in bytes for info and check
     */
    public static QemuImg of(String binary, Duration inspectTimeout, Duration workTimeout, long inspectAddressSpace) {
        Objects.requireNonNull(binary, "binary");
        if (inspectTimeout.isNegative() || inspectTimeout.isZero() || workTimeout.isNegative()
                || workTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (inspectAddressSpace < (64L << 20)) {
            throw new IllegalArgumentException("an address space limit below 64 MiB stops qemu-img from starting");
        }
        Optional<String> prlimit = Files.isExecutable(Path.of("/usr/bin/prlimit"))
                ? Optional.of("/usr/bin/prlimit") : Optional.empty();
        return new QemuImg(binary, prlimit, inspectTimeout, workTimeout, inspectAddressSpace);
    }

    /** {@code qemu-img info -U --output=json -f FORMAT PATH}; {@code -U} so an image in use can still be read. */
    public QemuImgInfo info(Path image, ImageFormat format) throws QemuImgException {
        List<String> cmd = limited(List.of(binary, "info", "-U", "--output=json", "-f", format.qemuDriver(),
                checked(image)));
        JsonNode root = parse(cmd, run(cmd, inspectTimeout, null).stdout());
        JsonNode data = root.path("format-specific").path("data");
        if (!root.path("virtual-size").canConvertToLong()) {
            throw badOutput(cmd, "no virtual-size in qemu-img info output");
        }
        return new QemuImgInfo(
                root.path("format").asText(format.qemuDriver()),
                root.path("virtual-size").asLong(),
                optionalLong(root, "actual-size"),
                optionalLong(root, "cluster-size"),
                root.path("dirty-flag").asBoolean(false),
                optionalText(root, "backing-filename"),
                optionalText(root, "backing-filename-format"),
                optionalText(data, "data-file"),
                data.path("corrupt").asBoolean(false));
    }

    /** Creates an empty image: {@code qemu-img create -f FORMAT PATH SIZE}. */
    public void create(Path image, ImageFormat format, long sizeBytes) throws QemuImgException {
        requirePositive(sizeBytes);
        List<String> cmd = List.of(binary, "create", "-q", "-f", format.qemuDriver(), checked(image),
                Long.toString(sizeBytes));
        run(cmd, workTimeout, null);
    }

    /**
     * Creates a qcow2 overlay on {@code base}: {@code qemu-img create -f qcow2 -b BASE -F BASEFORMAT OVERLAY SIZE}.
     * The base path is stored in the overlay as given (absolute), so the overlay keeps working from any directory.
     *
     * @param sizeBytes the overlay's virtual size; at least the base's size (a smaller one would hide data)
     */
    public void createOverlay(Path base, ImageFormat baseFormat, Path overlay, long sizeBytes)
            throws QemuImgException {
        requirePositive(sizeBytes);
        List<String> cmd = List.of(binary, "create", "-q", "-f", ImageFormat.QCOW2.qemuDriver(),
                "-b", checked(base), "-F", baseFormat.qemuDriver(), checked(overlay), Long.toString(sizeBytes));
        run(cmd, workTimeout, null);
    }

    /**
     * Converts {@code source} to {@code target}: {@code qemu-img convert -p -f SRC -O DST SOURCE TARGET}. Progress is
     * reported as qemu-img prints it; the listener is called on a reader thread.
     */
    public void convert(Path source, ImageFormat sourceFormat, Path target, ImageFormat targetFormat,
                        ConvertProgress progress) throws QemuImgException {
        Objects.requireNonNull(progress, "progress");
        List<String> cmd = List.of(binary, "convert", "-p", "-f", sourceFormat.qemuDriver(),
                "-O", targetFormat.qemuDriver(), checked(source), checked(target));
        run(cmd, workTimeout, record -> {
            Matcher m = PROGRESS.matcher(record);
            if (m.find()) {
                progress.percent(Double.parseDouble(m.group(1)));
            }
        });
    }

    /**
     * {@code qemu-img check --output=json -f FORMAT PATH}. Corruptions and leaks are results, not exceptions; a
     * format without checks (raw) gives {@code supported = false}.
     */
    public QemuImgCheck check(Path image, ImageFormat format) throws QemuImgException {
        List<String> cmd = limited(List.of(binary, "check", "--output=json", "-f", format.qemuDriver(),
                checked(image)));
        ProcessRunner.Result result = runAllowing(cmd, inspectTimeout);
        switch (result.exitCode()) {
            case 0, CHECK_CORRUPTIONS, CHECK_LEAKS -> {
                JsonNode root = parse(cmd, result.stdout());
                return new QemuImgCheck(true, root.path("corruptions").asLong(0), root.path("leaks").asLong(0),
                        root.path("check-errors").asLong(0));
            }
            case CHECK_UNSUPPORTED -> {
                return new QemuImgCheck(false, 0, 0, 0);
            }
            default -> throw failed(cmd, result);
        }
    }

    /**
     * {@code qemu-img resize -f FORMAT PATH SIZE}. Without {@code --shrink} qemu-img refuses to make an image
     * smaller, which is what we want: shrinking destroys guest data.
     */
    public void resize(Path image, ImageFormat format, long newSizeBytes) throws QemuImgException {
        requirePositive(newSizeBytes);
        List<String> cmd = List.of(binary, "resize", "-q", "-f", format.qemuDriver(), checked(image),
                Long.toString(newSizeBytes));
        run(cmd, workTimeout, null);
    }

    private List<String> limited(List<String> cmd) {
        if (prlimit.isEmpty()) {
            return cmd;
        }
        List<String> out = new ArrayList<>(List.of(prlimit.get(), "--as=" + inspectAddressSpace,
                "--cpu=" + Math.max(1, inspectTimeout.toSeconds()), "--"));
        out.addAll(cmd);
        return out;
    }

    private static String checked(Path path) throws QemuImgException {
        String text = path.toString();
        if (!path.isAbsolute() || text.indexOf('\0') >= 0) {
            throw new QemuImgException(Kind.BAD_ARGUMENT, List.of(), -1, "",
                    "image paths must be absolute and free of NUL characters: " + text.replace('\0', '?'), null);
        }
        return text;
    }

    private static void requirePositive(long sizeBytes) throws QemuImgException {
        if (sizeBytes <= 0) {
            throw new QemuImgException(Kind.BAD_ARGUMENT, List.of(), -1, "",
                    "image size must be a positive number of bytes, was " + sizeBytes, null);
        }
    }

    private ProcessRunner.Result run(List<String> cmd, Duration timeout, Consumer<String> out)
            throws QemuImgException {
        ProcessRunner.Result result = start(cmd, timeout, out);
        if (result.exitCode() != 0) {
            throw failed(cmd, result);
        }
        return result;
    }

    private ProcessRunner.Result runAllowing(List<String> cmd, Duration timeout) throws QemuImgException {
        return start(cmd, timeout, null);
    }

    private static ProcessRunner.Result start(List<String> cmd, Duration timeout,
                                              Consumer<String> out) throws QemuImgException {
        try {
            return ProcessRunner.run(cmd, timeout, out);
        } catch (ProcessRunner.RunFailure e) {
            throw new QemuImgException(e.timedOut ? Kind.TIMED_OUT : Kind.START_FAILED, cmd, -1, e.stderr,
                    e.getMessage(), e);
        }
    }

    private QemuImgException failed(List<String> cmd, ProcessRunner.Result result) {
        String stderr = result.stderr().strip();
        String subcommand = cmd.get(cmd.indexOf(binary) + 1);
        return new QemuImgException(Kind.FAILED, cmd, result.exitCode(), stderr,
                "qemu-img " + subcommand + " exited " + result.exitCode() + (stderr.isEmpty() ? "" : ": " + stderr),
                null);
    }

    private JsonNode parse(List<String> cmd, String stdout) throws QemuImgException {
        try {
            JsonNode root = json.readTree(stdout);
            if (root == null || !root.isObject()) {
                throw badOutput(cmd, "expected a JSON object from qemu-img");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new QemuImgException(Kind.BAD_OUTPUT, cmd, 0, "", "unreadable qemu-img output: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static QemuImgException badOutput(List<String> cmd, String message) {
        return new QemuImgException(Kind.BAD_OUTPUT, cmd, 0, "", message, null);
    }

    private static OptionalLong optionalLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.canConvertToLong() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
