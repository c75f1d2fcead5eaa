package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kvmstack.api.TestControllers.json;
import static org.kvmstack.api.TestControllers.passwordAuth;
import static org.kvmstack.api.TestControllers.request;
import static org.kvmstack.api.TestControllers.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.testing.MutableClock;

/** The image API (Glance v2) of the real controller over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageApiHttpTest {
    private static final String IMAGES = "/image/v2/images";
    private final MutableClock clock = new MutableClock(Instant.now());
    private Controller controller;
    private int port;
    private String token;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        dir = dataDir;
        controller = TestControllers.start(dataDir.resolve("data"), clock);
        port = controller.port();
        token = token(port, controller.generatedAdminPassword().orElseThrow());
    }

    @AfterAll
    void stop() {
        controller.close();
    }

    static String token(int port, String password) throws Exception {
        HttpResponse<String> response = send(request(port, "/identity/v3/auth/tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(passwordAuth("admin", password, "admin"))));
        assertThat(response.statusCode()).isEqualTo(201);
        return response.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private HttpRequest.Builder authed(String path) {
        return request(port, path).header(AuthFilter.TOKEN_HEADER, token);
    }

    private JsonNode create(String body) throws Exception {
        HttpResponse<String> r = send(authed(IMAGES).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    private HttpResponse<String> put(String id, Path file) throws Exception {
        return send(authed(IMAGES + "/" + id + "/file").header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)));
    }

    @Test
    void createUploadShowDownloadDelete() throws Exception {
        JsonNode image = create("{\"name\":\"tiny\",\"disk_format\":\"raw\",\"container_format\":\"bare\","
                + "\"tags\":[\"t1\"],\"os_distro\":\"busybox\",\"min_ram\":64}");
        String id = image.get("id").asText();
        assertThat(image.get("status").asText()).isEqualTo("queued");
        assertThat(image.get("visibility").asText()).isEqualTo("shared");
        assertThat(image.get("os_distro").asText()).isEqualTo("busybox");
        assertThat(image.get("self").asText()).isEqualTo("/v2/images/" + id);
        assertThat(image.get("file").asText()).isEqualTo("/v2/images/" + id + "/file");
        assertThat(image.get("size").isNull()).isTrue();
        assertThat(send(authed(IMAGES + "/" + id + "/file").GET()).statusCode()).isEqualTo(204);

        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i % 251);
        }
        Path file = Files.write(dir.resolve("tiny.raw"), bytes);
        HttpResponse<String> upload = put(id, file);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(204);
        assertThat(put(id, file).statusCode()).isEqualTo(409);

        JsonNode shown = json(send(authed(IMAGES + "/" + id).GET()));
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(shown.get("virtual_size").asLong()).isEqualTo(bytes.length);
        assertThat(shown.get("checksum").asText()).isEqualTo(hex("MD5", bytes));
        assertThat(shown.get("os_hash_algo").asText()).isEqualTo("sha512");
        assertThat(shown.get("os_hash_value").asText()).isEqualTo(hex("SHA-512", bytes));

        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(authed(IMAGES + "/" + id + "/file")
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-MD5")).contains(hex("MD5", bytes));
        assertThat(download.headers().firstValue("Content-Length")).contains(String.valueOf(bytes.length));
        assertThat(download.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(download.body()).isEqualTo(bytes);

        HttpResponse<String> deleted = send(authed(IMAGES + "/" + id).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(send(authed(IMAGES + "/" + id).GET()).statusCode()).isEqualTo(404);
    }

    @Test
    void refusedUploadAnswers400WithThePolicyReasonAndStaysQueued() throws Exception {
        Path qcow2 = dir.resolve("real.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", qcow2.toString(), "8M");
        String id = create("{\"name\":\"liar\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}")
                .get("id").asText();
        HttpResponse<String> upload = put(id, qcow2);
        assertThat(upload.statusCode()).isEqualTo(400);
        assertThat(upload.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(upload.body()).contains("declared as disk_format 'raw' but its content is 'qcow2'");
        assertThat(json(send(authed(IMAGES + "/" + id).GET())).get("status").asText()).isEqualTo("queued");

        // Errors negotiate like Glance's WebOb: JSON when asked for, HTML for an empty Accept (openstacksdk).
        HttpResponse<String> asJson = send(authed(IMAGES + "/" + id + "/file").header("Accept", "application/json")
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofFile(qcow2)));
        assertThat(asJson.statusCode()).isEqualTo(400);
        assertThat(json(asJson).get("message").asText()).contains("declared as disk_format 'raw'");
        HttpResponse<String> asHtml = send(authed(IMAGES + "/" + id + "/file").header("Accept", "")
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofFile(qcow2)));
        assertThat(asHtml.statusCode()).isEqualTo(400);
        assertThat(asHtml.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(asHtml.body()).contains("<h1>400 Bad Request</h1>", "declared as disk_format 'raw'");
    }

    @Test
    void patchWithTheJsonPatchMediaType() throws Exception {
        String id = create("{\"name\":\"p\",\"disk_format\":\"qcow2\",\"container_format\":\"bare\","
                + "\"hw_disk_bus\":\"virtio\"}").get("id").asText();
        String patch = "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"q\"},"
                + "{\"op\":\"add\",\"path\":\"/min_disk\",\"value\":3},"
                + "{\"op\":\"add\",\"path\":\"/protected\",\"value\":true},"
                + "{\"op\":\"add\",\"path\":\"/tags\",\"value\":[\"a\",\"b\"]},"
                + "{\"op\":\"add\",\"path\":\"/os~1type\",\"value\":\"linux\"},"
                + "{\"op\":\"remove\",\"path\":\"/hw_disk_bus\"}]";
        HttpResponse<String> patched = send(authed(IMAGES + "/" + id)
                .header("Content-Type", "application/openstack-images-v2.1-json-patch")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch)));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode image = json(patched);
        assertThat(image.get("name").asText()).isEqualTo("q");
        assertThat(image.get("min_disk").asInt()).isEqualTo(3);
        assertThat(image.get("protected").asBoolean()).isTrue();
        assertThat(image.get("os/type").asText()).isEqualTo("linux");
        assertThat(image.has("hw_disk_bus")).isFalse();

        HttpResponse<String> wrongType = send(authed(IMAGES + "/" + id).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch)));
        assertThat(wrongType.statusCode()).isEqualTo(415);
        HttpResponse<String> readOnly = send(authed(IMAGES + "/" + id)
                .header("Content-Type", "application/openstack-images-v2.1-json-patch")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"active\"}]")));
        assertThat(readOnly.statusCode()).isEqualTo(403);

        assertThat(send(authed(IMAGES + "/" + id).DELETE()).statusCode()).isEqualTo(409);
        assertThat(send(authed(IMAGES + "/" + id + "/tags/c").PUT(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(204);
        assertThat(send(authed(IMAGES + "/" + id + "/tags/a").DELETE()).statusCode()).isEqualTo(204);
        assertThat(json(send(authed(IMAGES + "/" + id).GET())).get("tags").toString()).isEqualTo("[\"b\",\"c\"]");
    }

    @Test
    void listFiltersAndFollowsNextLinks() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create("{\"name\":\"page-" + i + "\",\"disk_format\":\"iso\",\"container_format\":\"bare\","
                    + "\"tags\":[\"paged\"]}").get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String next = "/v2/images?tag=paged&limit=2&sort=name:asc";
        for (int page = 0; page < 10 && next != null; page++) {
            JsonNode body = json(send(authed("/image" + next).GET()));
            body.get("images").forEach(i -> seen.add(i.get("name").asText()));
            next = body.has("next") ? body.get("next").asText() : null;
        }
        assertThat(seen).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
        JsonNode one = json(send(authed(IMAGES + "?name=page-3&disk_format=iso&status=queued").GET()));
        assertThat(one.get("images")).hasSize(1);
        assertThat(one.get("images").get(0).get("id").asText()).isEqualTo(ids.get(3));
        assertThat(json(send(authed(IMAGES + "?tag=paged&os_distro=none").GET())).get("images")).isEmpty();
        assertThat(send(authed(IMAGES + "?sort_key=bogus").GET()).statusCode()).isEqualTo(400);
        assertThat(send(authed(IMAGES + "?status=bogus").GET()).statusCode()).isEqualTo(400);
    }

    @Test
    void schemasAndAuthentication() throws Exception {
        JsonNode schema = json(send(authed("/image/v2/schemas/image").GET()));
        assertThat(schema.get("name").asText()).isEqualTo("image");
        assertThat(schema.get("properties").has("disk_format")).isTrue();
        assertThat(json(send(authed("/image/v2/schemas/images").GET())).get("name").asText()).isEqualTo("images");
        HttpResponse<String> anonymous = send(request(port, IMAGES).GET());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    /**
     * A controller JVM with a 96 MiB heap takes a 256 MiB upload and serves it back: the body is streamed, never
     * buffered. Runs the controller in a child JVM so the heap bound is real.
     */
    @Test
    void uploadLargerThanTheHeapStreamsThroughASmallHeapController() throws Exception {
        long size = 256L << 20;
        Path data = dir.resolve("small-heap");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                SmallHeapController.class.getName(), data.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
            String[] ready = out.readLine().split(" ");
            int childPort = Integer.parseInt(ready[0]);
            String childToken = token(childPort, ready[1]);
            HttpResponse<String> created = send(request(childPort, IMAGES).header(AuthFilter.TOKEN_HEADER, childToken)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"big\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}")));
            String id = json(created).get("id").asText();
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            HttpResponse<String> upload = HttpClient.newHttpClient().send(request(childPort, IMAGES + "/" + id + "/file")
                    .header(AuthFilter.TOKEN_HEADER, childToken).header("Content-Type", "application/octet-stream")
                    .timeout(Duration.ofMinutes(3))
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size, md5)), size))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(204);
            JsonNode image = json(send(request(childPort, IMAGES + "/" + id)
                    .header(AuthFilter.TOKEN_HEADER, childToken).GET()));
            assertThat(image.get("status").asText()).isEqualTo("active");
            assertThat(image.get("size").asLong()).isEqualTo(size);
            assertThat(image.get("checksum").asText()).isEqualTo(HexFormat.of().formatHex(md5.digest()));

            HttpResponse<InputStream> download = HttpClient.newHttpClient().send(request(childPort,
                    IMAGES + "/" + id + "/file").header(AuthFilter.TOKEN_HEADER, childToken).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest back = MessageDigest.getInstance("MD5");
            long total = 0;
            try (InputStream in = download.body()) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    back.update(buffer, 0, n);
                    total += n;
                }
            }
            assertThat(total).isEqualTo(size);
            assertThat(HexFormat.of().formatHex(back.digest())).isEqualTo(image.get("checksum").asText());
            assertThat(child.isAlive()).as("the small-heap controller survived").isTrue();
        } finally {
            child.getOutputStream().close(); // tells the child to stop
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    /** {@code size} bytes of a cheap pattern (mostly zeros, a counter every 4 KiB), digested as they are read. */
    private static final class PatternStream extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private long position;

        PatternStream(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                b[off + i] = (p % 4096) < 8 ? (byte) (p >>> (8 * (p % 8))) : 0;
            }
            digest.update(b, off, n);
            position += n;
            return n;
        }
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }
}
