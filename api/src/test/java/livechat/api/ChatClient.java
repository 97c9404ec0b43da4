package livechat.api;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/** The calls a chat frontend makes, for tests that drive the server over HTTP. */
public final class ChatClient {

    public static final String SUPERVISOR = "supervisor:s-1";
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };

    private final WebTestClient http;
    private final TestTokens tokens;

    public ChatClient(WebTestClient http, TestTokens tokens) {
        this.http = http;
        this.tokens = tokens;
    }

    /** The {@code Authorization} header of {@code actor} ({@code visitor:v-1}, {@code agent:a-1}...). */
    public Consumer<HttpHeaders> as(String actor) {
        return tokens.as(actor);
    }

    public WebTestClient http() {
        return http;
    }

    public String startConversation(String actor, String topic) {
        Map<?, ?> body = http.post().uri("/api/conversations").headers(as(actor))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topic", topic))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) body.get("conversationId");
    }

    public WebTestClient.ResponseSpec send(String actor, String conversationId, String clientMessageId,
                                           String text) {
        return http.post().uri("/api/conversations/{id}/messages", conversationId).headers(as(actor))
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
        return http.get().uri("/api/conversations/{id}/transcript", conversationId).headers(as(actor))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> messages(String actor, String conversationId) {
        return (List<Map<String, Object>>) transcript(actor, conversationId).get("messages");
    }

    /** Every message's sequence in the transcript, page by page. */
    @SuppressWarnings("unchecked")
    public List<Long> everySequence(String actor, String conversationId) {
        List<Long> sequences = new ArrayList<>();
        long after = -1;
        boolean more = true;
        while (more) {
            Map<?, ?> page = http.get().uri("/api/conversations/{id}/transcript?after={after}&limit=1000",
                            conversationId, after).headers(as(actor)).exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            for (Map<String, Object> message : (List<Map<String, Object>>) page.get("messages")) {
                after = ((Number) message.get("sequence")).longValue();
                sequences.add(after);
            }
            more = Boolean.TRUE.equals(page.get("hasMore"));
        }
        return sequences;
    }

    public WebTestClient.ResponseSpec post(String actor, String uri, Object body, Object... uriVariables) {
        return http.post().uri(uri, uriVariables).headers(as(actor)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec put(String actor, String uri, Object body, Object... uriVariables) {
        return http.put().uri(uri, uriVariables).headers(as(actor)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    /** Uploads {@code bytes} as the file {@code filename} to the conversation's attachments. */
    public WebTestClient.ResponseSpec upload(String actor, String conversationId, String filename, byte[] bytes) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", new ByteArrayResource(bytes)).filename(filename)
                .contentType(MediaType.APPLICATION_OCTET_STREAM);
        return http.post().uri("/api/conversations/{id}/attachments", conversationId).headers(as(actor))
                .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(form.build()))
                .exchange();
    }

    public WebTestClient.ResponseSpec get(String actor, String uri, Object... uriVariables) {
        return http.get().uri(uri, uriVariables).headers(as(actor)).exchange();
    }

    /** How many times the server's live streams have timed a stage ({@code livechat.live.delay}), read as ops. */
    public double liveDelayCount(String stage) {
        Map<?, ?> meter = get("ops:o-1", "/actuator/metrics/livechat.live.delay?tag=stage:{stage}", stage)
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<?>) meter.get("measurements")).stream().map(Map.class::cast)
                .filter(measurement -> "COUNT".equals(measurement.get("statistic")))
                .mapToDouble(measurement -> ((Number) measurement.get("value")).doubleValue()).sum();
    }

    /** Registers an agent (as a supervisor) and sets them to {@code status}. */
    public void agent(String agentId, List<String> skills, int capacity, String status) {
        post(SUPERVISOR, "/api/agents", Map.of("agentId", agentId, "name", "Agent " + agentId, "skills", skills,
                "capacity", capacity)).expectStatus().isCreated();
        status(agentId, status).expectStatus().isOk();
    }

    public WebTestClient.ResponseSpec status(String agentId, String status) {
        return put("agent:" + agentId, "/api/agents/{id}/status", Map.of("status", status), agentId);
    }

    public WebTestClient.ResponseSpec assign(String conversationId, String agentId) {
        return post(SUPERVISOR, "/api/conversations/{id}/assignment", Map.of("agentId", agentId), conversationId);
    }

    public String startConversation(String actor, String topic, String skill) {
        Map<?, ?> body = post(actor, "/api/conversations", Map.of("topic", topic, "skill", skill))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return (String) body.get("conversationId");
    }

    /** The read model's view of a conversation. */
    public Map<String, Object> conversation(String actor, String conversationId) {
        return get(actor, "/api/conversations/{id}", conversationId).expectStatus().isOk()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    /** The agent directory's view of an agent. */
    public Map<String, Object> agentProfile(String agentId) {
        return get(SUPERVISOR, "/api/agents/{id}", agentId).expectStatus().isOk()
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }

    /** Waits until the agent directory shows {@code agentId} holding exactly {@code conversationIds}, in any order. */
    public void awaitHolding(String agentId, String... conversationIds) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> org.assertj.core.api.Assertions
                .assertThat(agentProfile(agentId).get("openConversations"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .containsExactlyInAnyOrder(conversationIds));
    }

    /** Waits until the transcript (a read model, updated asynchronously) shows {@code count} messages. */
    public List<Map<String, Object>> awaitMessages(String actor, String conversationId, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> messages(actor, conversationId),
                messages -> messages.size() == count);
    }
}
