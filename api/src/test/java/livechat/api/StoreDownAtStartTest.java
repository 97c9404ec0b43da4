package livechat.api;

import livechat.embeddedmongo.EmbeddedMongo;
import livechat.eventstore.jdbc.TestPostgres;
import livechat.eventstore.kurrent.KurrentDbDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server whose store is down when it starts: HTTP answers at once, not ready, calls that need the store refused
 * with 503 within the call timeout, and once the store is back the server is ready and every processor runs,
 * without a restart.
 */
class StoreDownAtStartTest {

    @Test
    void theServerStartsWhileKurrentDbIsDownAndRunsOnceItIsBack(@TempDir Path data) {
        KurrentDbDouble kurrent = KurrentDbDouble.start();
        kurrent.stop();
        long starting = System.nanoTime();
        LivechatServer server = LivechatServer.start(data, "--livechat.eventstore=" + kurrent.connectionString());
        try {
            // Not a timing assertion: the start must not wait for the store at all, however long that takes.
            System.out.printf("started in %d ms with KurrentDB down%n", (System.nanoTime() - starting) / 1_000_000);
            server.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
            server.client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
            server.client().post().uri("/api/conversations").headers(server.as("visitor:v-1"))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topic", "While it is down"))
                    .exchange().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.rule").isEqualTo("event-store-unavailable");

            kurrent.restart();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> server.client().get()
                    .uri("/actuator/health/readiness").exchange().expectStatus().isOk());
            ChatClient chat = server.chat();
            String id = chat.startConversation("visitor:v-1", "Once it is back");
            chat.sendNew("visitor:v-1", id, "cm-1", "hello");
            // The transcript projection started on its own: it was never restarted by hand.
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> chat.awaitMessages("visitor:v-1", id, 1).size() == 1);
        } finally {
            server.close();
            kurrent.close();
        }
    }

    @Test
    void theServerStartsWhileTheReadModelStoreIsDownAndProjectsOnceItIsBack(@TempDir Path data) throws IOException {
        int port = freePort();
        long starting = System.nanoTime();
        LivechatServer server = LivechatServer.start(data.resolve("server"),
                "--livechat.mongodb.uri=mongodb://127.0.0.1:" + port + "/", "--livechat.mongodb.timeout=1s");
        EmbeddedMongo mongo = null;
        try {
            System.out.printf("started in %d ms with MongoDB down%n", (System.nanoTime() - starting) / 1_000_000);
            server.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
            server.client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
            ChatClient chat = server.chat();
            // The log is up: a conversation can start, and its events wait there for the projections.
            String id = chat.startConversation("visitor:v-1", "While the read models are down");
            server.client().get().uri("/api/conversations/{id}/transcript", id).headers(server.as("visitor:v-1"))
                    .exchange().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.rule").isEqualTo("read-model-unavailable");

            mongo = new EmbeddedMongo(data.resolve("readmodels.mv"), "127.0.0.1", port);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> server.client().get()
                    .uri("/actuator/health/readiness").exchange().expectStatus().isOk());
            // Every projection started on its own and catches up with what was written while it waited; until the
            // conversation is shown, a send is refused with 503 and its retry is safe.
            await().atMost(Duration.ofSeconds(60)).until(() -> chat.send("visitor:v-1", id, "cm-1", "hello")
                    .returnResult(Void.class).getStatus().is2xxSuccessful());
            assertThat(chat.awaitMessages("visitor:v-1", id, 1)).hasSize(1);
        } finally {
            server.close();
            if (mongo != null) {
                mongo.close();
            }
        }
    }

    /**
     * On PostgreSQL the server also makes its schema once the database is back, and the log says that the database
     * went and came back once each way.
     */
    @Test
    @EnabledIfEnvironmentVariable(named = TestPostgres.VARIABLE, matches = ".+")
    @ExtendWith(OutputCaptureExtension.class)
    void theServerStartsWhilePostgresIsDownAndMakesItsSchemaOnceItIsBack(@TempDir Path data, CapturedOutput log) {
        try (TestPostgres postgres = TestPostgres.create(); TcpRelay relay = TcpRelay.to(postgres.address())) {
            relay.cut();
            LivechatServer server = LivechatServer.start(data, "--livechat.eventstore=" + postgres.urlVia(relay.port()));
            try {
                server.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
                server.client().post().uri("/api/conversations").headers(server.as("visitor:v-1"))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topic", "While it is down"))
                        .exchange().expectStatus().isEqualTo(503)
                        .expectBody().jsonPath("$.rule").isEqualTo("event-store-unavailable");
                assertThat(new JdbcTemplate(postgres.dataSource()).queryForObject("SELECT count(*) FROM "
                        + "information_schema.tables WHERE table_schema = current_schema()", Long.class))
                        .as("tables made while the database was out of reach").isZero();

                relay.restore();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> server.client().get()
                        .uri("/actuator/health/readiness").exchange().expectStatus().isOk());
                ChatClient chat = server.chat();
                String id = chat.startConversation("visitor:v-1", "Once it is back");
                chat.sendNew("visitor:v-1", id, "cm-1", "hello");
                assertThat(chat.awaitMessages("visitor:v-1", id, 1)).extracting(m -> m.get("text"))
                        .containsExactly("hello");
            } finally {
                server.close();
            }
        }
        assertThat(log.getOut().lines().filter(line -> line.contains("The event store at")))
                .satisfiesExactly(gone -> assertThat(gone).contains("cannot be reached"),
                        back -> assertThat(back).contains("is reachable again"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
