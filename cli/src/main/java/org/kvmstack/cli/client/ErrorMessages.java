package org.kvmstack.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * Turns an OpenStack error response into one line: the service's own message, then
 * {@code (HTTP <status>, <request id>)}. Knows each service's body: Keystone
 * {@code {"error": {"message"}}}, Nova/Cinder {@code {"itemNotFound": {"message"}}} (any fault name),
 * Neutron {@code {"NeutronError": {"message"}}}, Glance plain text {@code "404 Not Found\n\n<message>"}.
 */
final class ErrorMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LENGTH = 300;

    private ErrorMessages() {}

    static String describe(int status, String body, Optional<String> requestId) {
        String message = messageOf(body).orElse(reasonPhrase(status));
        return oneLine(message) + " (HTTP " + status + requestId.map(id -> ", " + id).orElse("") + ")";
    }

    static Optional<String> messageOf(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        String trimmed = body.strip();
        if (trimmed.startsWith("{")) {
            try {
                return fromJson(JSON.readTree(trimmed));
            } catch (IOException e) {
                // not JSON after all: fall through to the text forms
            }
        }
        return fromText(trimmed);
    }

    /** The {@code message} of the body itself or of its first member that has one (the fault wrapper). */
    private static Optional<String> fromJson(JsonNode root) {
        if (root.path("message").isTextual()) {
            return Optional.of(root.get("message").asText());
        }
        for (Iterator<JsonNode> members = root.elements(); members.hasNext(); ) {
            JsonNode member = members.next();
            JsonNode message = member.path("message");
            if (message.isTextual() && !message.asText().isBlank()) {
                return Optional.of(message.asText());
            }
        }
        return Optional.empty();
    }

    /** Glance (webob) answers {@code "404 Not Found\n\nThe message"}, sometimes as HTML: keep the last text line. */
    private static Optional<String> fromText(String body) {
        String text = body.replaceAll("(?s)<head>.*?</head>", "").replaceAll("<[^>]+>", "\n");
        String last = null;
        for (String line : text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            last = line;
        }
        return Optional.ofNullable(last);
    }

    static String oneLine(String message) {
        String line = message.replaceAll("\\s+", " ").strip();
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "…" : line;
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "not authenticated";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 409 -> "conflict";
            case 413 -> "over limit";
            case 500 -> "internal server error";
            case 503 -> "service unavailable";
            default -> "request failed";
        };
    }
}
