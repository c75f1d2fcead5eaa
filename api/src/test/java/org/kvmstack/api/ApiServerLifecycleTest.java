package org.kvmstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kvmstack.api.TestControllers.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kvmstack.cloud.config.DatabaseConfig;
import org.kvmstack.cloud.identity.IdentityService;
import org.kvmstack.cloud.identity.PasswordHasher;
import org.kvmstack.cloud.store.Database;

class ApiServerLifecycleTest {
    private static IdentityService identity(Path dir) {
        Database db = Database.open(DatabaseConfig.sqliteIn(dir));
        return new IdentityService(db.jdbi(), PasswordHasher.bcrypt(4), Clock.systemUTC(), Duration.ofHours(1), new SecureRandom());
    }

    @Test
    void aBusyPortIsATypedErrorNamingTheAddress(@TempDir Path dir) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> ApiServer.start("127.0.0.1", busy.getLocalPort(), Optional.empty(), identity(dir),
                    List.of(), new ObjectMapper()))
                    .isInstanceOf(ServerStartException.class).hasMessageContaining("127.0.0.1:" + busy.getLocalPort());
        }
    }

    @Test
    void closeLetsARunningRequestFinish(@TempDir Path dir) throws Exception {
        IdentityService identity = identity(dir);
        CountDownLatch entered = new CountDownLatch(1);
        RouteModule slow = routes -> routes.get("/compute/v2.1/slow", Access.PUBLIC, ctx -> {
            entered.countDown();
            Thread.sleep(700); // a request still running when the stop begins
            ctx.result("finished");
        });
        ApiServer server = ApiServer.start("127.0.0.1", 0, Optional.empty(), identity, List.of(slow), new ObjectMapper());
        CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
                .sendAsync(request(server.port(), "/compute/v2.1/slow").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        server.close();
        HttpResponse<String> finished = response.get(10, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo("finished");
    }
}
