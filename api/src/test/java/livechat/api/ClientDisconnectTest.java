package livechat.api;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that hang up in the middle of their requests (a closed tab, a flaky mobile network) must not harm the
 * server: a command already started runs to its end instead of being interrupted half-way through a write to the
 * embedded store, which would close the store's file for everyone.
 */
@ServerTest
class ClientDisconnectTest {

    private static final String VISITOR = "visitor:v-1";

    @Test
    void hangingUpMidCommandLeavesTheStoreWorking(LivechatServer server, ChatClient chat) throws Exception {
        String id = chat.startConversation(VISITOR, "Flaky clients");
        WebClient web = WebClient.create(server.baseUrl());

        Flux.range(0, 400).flatMap(i -> web.post().uri("/api/conversations/{id}/messages", id)
                        .headers(chat.as(VISITOR)).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("clientMessageId", "gone-" + i, "text", "message " + i))
                        .retrieve().toBodilessEntity()
                        .timeout(Duration.ofMillis(i % 7 + 1))
                        .onErrorResume(hungUp -> reactor.core.publisher.Mono.empty()), 32)
                .blockLast(Duration.ofSeconds(120));

        long sequence = chat.sendNew(VISITOR, id, "after", "still working");
        assertThat(sequence).isPositive();
        Path trace = server.dataDir().resolve("events.trace.db");
        assertThat(!Files.exists(trace) || !Files.readString(trace).contains("ClosedByInterruptException")).isTrue();
    }
}
