package org.kvmstack.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each OpenStack service's error body becomes one line (bodies as the real services send them). */
class ErrorMessagesTest {
    private static final Optional<String> ID = Optional.of("req-1");

    @Test
    void novaFault() {
        assertThat(ErrorMessages.describe(404,
                "{\"itemNotFound\": {\"code\": 404, \"message\": \"Flavor m1.huge could not be found.\"}}", ID))
                .isEqualTo("Flavor m1.huge could not be found. (HTTP 404, req-1)");
    }

    @Test
    void keystoneError() {
        assertThat(ErrorMessages.describe(401,
                "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\", \"message\": \"The request you have made"
                        + " requires authentication.\"}}", ID))
                .isEqualTo("The request you have made requires authentication. (HTTP 401, req-1)");
    }

    @Test
    void neutronError() {
        assertThat(ErrorMessages.describe(404, "{\"NeutronError\": {\"type\": \"NetworkNotFound\", \"message\":"
                + " \"Network x could not be found.\", \"detail\": \"\"}}", Optional.empty()))
                .isEqualTo("Network x could not be found. (HTTP 404)");
    }

    @Test
    void glancePlainTextAndHtml() {
        assertThat(ErrorMessages.describe(404, "404 Not Found\n\nNo image found with ID abc\n\n   ", ID))
                .isEqualTo("No image found with ID abc (HTTP 404, req-1)");
        assertThat(ErrorMessages.describe(409, "<html>\n <head>\n  <title>409 Conflict</title>\n </head>\n <body>\n"
                + "  <h1>409 Conflict</h1>\n  Image status transition from active to saving is not allowed<br /><br />\n"
                + "\n\n\n </body>\n</html>", ID))
                .isEqualTo("Image status transition from active to saving is not allowed (HTTP 409, req-1)");
    }

    @Test
    void emptyOrUselessBodyFallsBackToTheStatus() {
        assertThat(ErrorMessages.describe(503, "", ID)).isEqualTo("service unavailable (HTTP 503, req-1)");
        assertThat(ErrorMessages.describe(400, "{\"weird\": 1}", ID)).isEqualTo("bad request (HTTP 400, req-1)");
    }

    @Test
    void multiLineMessagesAreFolded() {
        assertThat(ErrorMessages.describe(400, "{\"badRequest\": {\"message\": \"Invalid input:\\n  name too long\"}}",
                ID)).isEqualTo("Invalid input: name too long (HTTP 400, req-1)");
    }
}
