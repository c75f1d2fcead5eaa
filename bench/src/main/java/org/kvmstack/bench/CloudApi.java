package org.kvmstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The OpenStack calls the benchmark makes on kvmstack (Glance image upload, Nova flavors and servers), each with a
 * bounded wait where it waits.
 */
public final class CloudApi {
    /** How often a server's status is polled: a create figure is late by at most this much. */
    static final Duration STATUS_POLL = Duration.ofMillis(100);

    private final ApiClient api;

    public CloudApi(ApiClient api) {
        this.api = api;
    }

    public ApiClient client() {
        return api;
    }

    /** Uploads the tiny guest as a qcow2 image and waits for it to be active; returns its id. */
    public String uploadImage(String name, Path qcow2, Duration limit) throws IOException, InterruptedException, TimeoutException {
        ObjectNode body = api.json().createObjectNode();
        body.put("name", name);
        body.put("disk_format", "qcow2");
        body.put("container_format", "bare");
        body.put("visibility", "private");
        String id = api.postJson("/image/v2/images", body, 201).path("id").asText();
        HttpResponse<String> put = api.http().send(api.request("/image/v2/images/" + id + "/file")
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofFile(qcow2)).build(),
                HttpResponse.BodyHandlers.ofString());
        ApiClient.expect(put, 204);
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            String status = api.getJson("/image/v2/images/" + id, 200).path("status").asText();
            if (status.equals("active")) {
                return id;
            }
            Thread.sleep(100);
        }
        throw new TimeoutException("image " + id + " not active within " + limit);
    }

    /** Creates a private flavor; returns its id. */
    public String createFlavor(String name, int ramMb, int vcpus, int diskGb) throws IOException, InterruptedException {
        ObjectNode body = api.json().createObjectNode();
        ObjectNode flavor = body.putObject("flavor");
        flavor.put("name", name);
        flavor.put("ram", ramMb);
        flavor.put("vcpus", vcpus);
        flavor.put("disk", diskGb);
        return api.postJson("/compute/v2.1/flavors", body, 200).path("flavor").path("id").asText();
    }

    public void deleteFlavor(String id) throws IOException, InterruptedException {
        api.delete("/compute/v2.1/flavors/" + id);
    }

    /** {@code POST /servers} on the default network; returns the new server's id (202 Accepted). */
    public String createServer(String name, String imageRef, String flavorRef) throws IOException, InterruptedException {
        ObjectNode body = api.json().createObjectNode();
        ObjectNode server = body.putObject("server");
        server.put("name", name);
        server.put("imageRef", imageRef);
        server.put("flavorRef", flavorRef);
        return api.postJson("/compute/v2.1/servers", body, 202).path("server").path("id").asText();
    }

    /**
     * Polls {@code GET /servers/{id}} every {@link #STATUS_POLL} until its {@code status} is {@code wanted}.
     *
     * @return the {@link System#nanoTime()} at which it was seen
     * @throws IOException      when the server went to ERROR (with its fault) or the call failed
     * @throws TimeoutException when it did not get there within {@code limit}
     */
    public long awaitStatus(String id, String wanted, Duration limit) throws IOException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + limit.toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            JsonNode server = api.getJson("/compute/v2.1/servers/" + id, 200).path("server");
            status = server.path("status").asText();
            if (status.equals(wanted)) {
                return System.nanoTime();
            }
            if (status.equals("ERROR")) {
                throw new IOException("server " + id + " went to ERROR: " + server.path("fault"));
            }
            Thread.sleep(STATUS_POLL.toMillis());
        }
        throw new TimeoutException("server " + id + " still " + status + " after " + limit + " (wanted " + wanted + ")");
    }

    /**
     * When the server became ACTIVE, as the controller recorded it ({@code OS-SRV-USG:launched_at}, UTC, Nova's
     * format without a zone).
     *
     * @throws IOException when it has none yet or the call failed
     */
    public java.time.Instant launchedAt(String id) throws IOException, InterruptedException {
        JsonNode server = api.getJson("/compute/v2.1/servers/" + id, 200).path("server");
        String launched = server.path("OS-SRV-USG:launched_at").asText("");
        if (launched.isEmpty() || launched.equals("null")) {
            throw new IOException("server " + id + " has no OS-SRV-USG:launched_at");
        }
        return java.time.LocalDateTime.parse(launched).toInstant(java.time.ZoneOffset.UTC);
    }

    /**
     * The server's {@code status}.
     *
     * @throws IOException when it is in ERROR (with its fault) or the call failed
     */
    public String status(String id) throws IOException, InterruptedException {
        JsonNode server = api.getJson("/compute/v2.1/servers/" + id, 200).path("server");
        String status = server.path("status").asText();
        if (status.equals("ERROR")) {
            throw new IOException("server " + id + " went to ERROR: " + server.path("fault"));
        }
        return status;
    }

    /** Deletes the server and waits (bounded) until {@code GET} answers 404. */
    public void deleteServer(String id, Duration limit) throws IOException, InterruptedException, TimeoutException {
        int status = api.delete("/compute/v2.1/servers/" + id).statusCode();
        if (status != 204 && status != 404) {
            throw new IOException("DELETE server " + id + " answered " + status);
        }
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (api.get("/compute/v2.1/servers/" + id).statusCode() == 404) {
                return;
            }
            Thread.sleep(100);
        }
        throw new TimeoutException("server " + id + " not gone " + limit + " after DELETE");
    }
}
