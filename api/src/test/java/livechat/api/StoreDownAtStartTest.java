package livechat.api;

import livechat.eventstore.kurrent.KurrentDbDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server whose KurrentDB is down when it starts: HTTP answers at once, not ready, commands refused with 503 within
 * the call timeout, and once KurrentDB is back the server is ready and every processor runs, without a restart.
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
}
