package livechat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static livechat.api.ChatClient.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command endpoint the server describes in its OpenAPI document, sent bodies of every wrong shape by every
 * kind of actor: the answer is never a 5xx, and every refusal is a problem naming its rule.
 */
@ServerTest
class MalformedInputTest {

    private static final List<String> BODIES = List.of("null", "[]", "\"text\"", "42", "{}", "{\"a\": [null]}",
            "{\"text\": null, \"reason\": [1], \"agentId\": {}, \"skills\": [null], \"capacity\": \"many\"}",
            "{\"attachments\": [{}], \"score\": 99999999999, \"upToSequence\": -5, \"status\": null}",
            "{\"tag\": \"" + "x".repeat(5000) + "\", \"outcome\": \"\\u0000\"}", "{\"unterminated\": ");
    private static final List<String> ACTORS = List.of("visitor:v-1", "agent:a-1", SUPERVISOR, "auditor:x-1",
            TestTokens.ADMIN);

    private static LivechatServer server;

    @BeforeAll
    static void connect(LivechatServer running) {
        server = running;
    }

    @Test
    void noBodyOfAnyShapeMakesTheServerFail() throws Exception {
        ChatClient chat = server.chat();
        chat.agent("a-1", List.of(), 3, "ONLINE");
        String conversationId = chat.startConversation("visitor:v-1", "Robustness", "");
        String messageId = (String) chat.send("visitor:v-1", conversationId, "cm-1", "hello")
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("messageId");
        Map<String, String> pathValues = Map.of("{conversationId}", conversationId, "{messageId}", messageId,
                "{agentId}", "a-1", "{key}", "greeting", "{disputeId}", "d-1", "{tag}", "vip", "{username}", "nobody",
                "{visitorId}", "v-nobody");

        JsonNode paths = new ObjectMapper().readTree(server.client().get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).get("paths");
        List<String> answers = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String uri = path.getKey();
            for (Map.Entry<String, String> value : pathValues.entrySet()) {
                uri = uri.replace(value.getKey(), value.getValue());
            }
            for (String method : List.of("post", "put")) {
                if (!path.getValue().has(method)) {
                    continue;
                }
                for (String actor : ACTORS) {
                    for (String body : BODIES) {
                        answers.add(send(HttpMethod.valueOf(method.toUpperCase()), uri, actor, body));
                    }
                }
            }
        }
        assertThat(answers).hasSizeGreaterThan(200);
        assertThat(answers).allSatisfy(answer -> assertThat(answer).doesNotStartWith("5"));
        assertThat(answers).filteredOn(answer -> answer.startsWith("4"))
                .allSatisfy(answer -> assertThat(answer).contains("\"rule\":"));
    }

    private static String send(HttpMethod method, String uri, String actor, String body) {
        return WebClient.create(server.baseUrl()).method(method).uri(uri).headers(server.as(actor))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(text -> response.statusCode().value() + " " + method + " " + uri + " " + text))
                .block(Duration.ofSeconds(30));
    }
}
