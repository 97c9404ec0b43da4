package livechat.api;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** The calls a chat frontend makes, for tests that drive the server over HTTP. */
public final class ChatClient {

    private final WebTestClient http;

    public ChatClient(WebTestClient http) {
        this.http = http;
    }

    public WebTestClient http() {
        return http;
    }

    public String startConversation(String actor, String topic) {
        Map<?, ?> body = http.post().uri("/api/conversations").header("X-Actor", actor)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topic", topic))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) body.get("conversationId");
    }

    public WebTestClient.ResponseSpec send(String actor, String conversationId, String clientMessageId,
                                           String text) {
        return http.post().uri("/api/conversations/{id}/messages", conversationId).header("X-Actor", actor)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("clientMessageId", clientMessageId, "text", text))
                .exchange();
    }

    /** Sends a message that must be accepted as new, and answers its sequence. */
    public long sendNew(String actor, String conversationId, String clientMessageId, String text) {
        Map<?, ?> body = send(actor, conversationId, clientMessageId, text).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((Number) body.get("sequence")).longValue();
    }

    public Map<?, ?> transcript(String actor, String conversationId) {
        return http.get().uri("/api/conversations/{id}/transcript", conversationId).header("X-Actor", actor)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> messages(String actor, String conversationId) {
        return (List<Map<String, Object>>) transcript(actor, conversationId).get("messages");
    }

    /** Waits until the transcript (a read model, updated asynchronously) shows {@code count} messages. */
    public List<Map<String, Object>> awaitMessages(String actor, String conversationId, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> messages(actor, conversationId),
                messages -> messages.size() == count);
    }
}
