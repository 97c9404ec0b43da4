package livechat.api;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;

import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The conversation endpoints over a real port: each success and each refusal, with its problem body. */
@ServerTest
class ConversationApiTest {

    private static final String VISITOR = "visitor:v-1";

    private static ChatClient chat;

    @BeforeAll
    static void connect(ChatClient client) {
        chat = client;
    }

    private WebTestClient http() {
        return chat.http();
    }

    @Test
    void aVisitorStartsAConversationAndReadsItBack() {
        WebTestClient.ResponseSpec started = http().post().uri("/api/conversations").headers(chat.as(VISITOR))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topic", "Refund", "skill", "billing"))
                .exchange();
        Map<?, ?> body = started.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String id = (String) body.get("conversationId");
        started.expectHeader().location("/api/conversations/" + id);

        http().get().uri("/api/conversations/{id}", id).headers(chat.as(VISITOR)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.conversationId").isEqualTo(id)
                .jsonPath("$.status").isEqualTo("OPEN")
                .jsonPath("$.visitorId").isEqualTo("v-1")
                .jsonPath("$.topic").isEqualTo("Refund")
                .jsonPath("$.requiredSkill").isEqualTo("billing");
    }

    @Test
    void messagesAreNumberedInOrderAndShowInTheTranscript() {
        String id = chat.startConversation(VISITOR, "Order 4711");
        long first = chat.sendNew(VISITOR, id, "cm-1", "  Where is my parcel?  ");
        long second = chat.sendNew(VISITOR, id, "cm-2", "It was due Monday.");
        assertThat(second).isGreaterThan(first);

        List<Map<String, Object>> messages = chat.awaitMessages(VISITOR, id, 2);
        assertThat(messages).extracting(m -> m.get("text"))
                .containsExactly("Where is my parcel?", "It was due Monday.");
        assertThat(messages.get(0)).containsEntry("sequence", (int) first).containsEntry("authorId", "v-1")
                .containsEntry("role", "visitor").containsKey("sentAt").containsKey("messageId");
    }

    @Test
    void aResendAnswers200WithTheOriginalAndWritesNothing() {
        String id = chat.startConversation(VISITOR, "Resend");
        Map<?, ?> original = chat.send(VISITOR, id, "cm-1", "Hello").expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> resent = chat.send(VISITOR, id, "cm-1", "Hello").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(resent).isEqualTo(original);

        chat.sendNew(VISITOR, id, "cm-2", "After the resend");
        assertThat(chat.awaitMessages(VISITOR, id, 2)).extracting(m -> m.get("text"))
                .containsExactly("Hello", "After the resend");
    }

    @Test
    void transcriptsArePaged() {
        String id = chat.startConversation(VISITOR, "Paging");
        long[] sequences = new long[5];
        for (int i = 0; i < 5; i++) {
            sequences[i] = chat.sendNew(VISITOR, id, "cm-" + i, "message " + i);
        }
        chat.awaitMessages(VISITOR, id, 5);
        http().get().uri("/api/conversations/{id}/transcript?after={after}&limit=2", id, sequences[1])
                .headers(chat.as(VISITOR))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.messages.length()").isEqualTo(2)
                .jsonPath("$.messages[0].sequence").isEqualTo((int) sequences[2])
                .jsonPath("$.messages[1].sequence").isEqualTo((int) sequences[3])
                .jsonPath("$.hasMore").isEqualTo(true);
    }

    @Test
    void closingEndsTheConversation() {
        String id = chat.startConversation(VISITOR, "Closing");
        http().post().uri("/api/conversations/{id}/close", id).headers(chat.as(VISITOR))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "solved"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.change").isEqualTo("closed");

        expectProblem(chat.send(VISITOR, id, "cm-1", "one more"), 409, "conversation-open");
        expectProblem(http().post().uri("/api/conversations/{id}/close", id).headers(chat.as(VISITOR))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange(), 409, "conversation-open");
    }

    @Test
    void aRequestWithoutAValidTokenIsUnauthorized() {
        expectProblem(http().post().uri("/api/conversations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("topic", "x")).exchange(), 401, "authentication-required");
        expectProblem(http().post().uri("/api/conversations").header("Authorization", "Bearer visitor:v-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topic", "x")).exchange(),
                401, "token-invalid");
    }

    @Test
    void onlyVisitorsStartConversations() {
        expectProblem(http().post().uri("/api/conversations").headers(chat.as("agent:a-1"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topic", "x")).exchange(),
                403, "only-visitors-start-conversations");
    }

    @Test
    void malformedJsonIsABadRequest() {
        String id = chat.startConversation(VISITOR, "Malformed");
        expectProblem(http().post().uri("/api/conversations/{id}/messages", id).headers(chat.as(VISITOR))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"clientMessageId\": \"cm-1\",").exchange(),
                400, "malformed-request");
        expectProblem(http().post().uri("/api/conversations").headers(chat.as(VISITOR))
                .contentType(MediaType.APPLICATION_JSON).exchange(), 400, "malformed-request");
    }

    @Test
    void invalidTextIsABadRequestAndWritesNothing() {
        String id = chat.startConversation(VISITOR, "Invalid text");
        expectProblem(chat.send(VISITOR, id, "cm-1", "   "), 400, "message-text-length");
        expectProblem(chat.send(VISITOR, id, "cm-2", "x".repeat(4001)), 400, "message-text-length");
        chat.sendNew(VISITOR, id, "cm-3", "valid");
        assertThat(chat.awaitMessages(VISITOR, id, 1)).extracting(m -> m.get("text")).containsExactly("valid");
    }

    @Test
    void aMissingClientMessageIdIsABadRequest() {
        String id = chat.startConversation(VISITOR, "No client id");
        expectProblem(http().post().uri("/api/conversations/{id}/messages", id).headers(chat.as(VISITOR))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("text", "hi")).exchange(),
                400, "client-message-id-required");
    }

    @Test
    void reusingAClientMessageIdForOtherTextIsAConflict() {
        String id = chat.startConversation(VISITOR, "Reuse");
        chat.sendNew(VISITOR, id, "cm-1", "first");
        expectProblem(chat.send(VISITOR, id, "cm-1", "second"), 409, "client-message-id-reused");
    }

    @Test
    void anOversizedBodyIsRefused() {
        String id = chat.startConversation(VISITOR, "Oversized");
        expectProblem(chat.send(VISITOR, id, "cm-1", "x".repeat(100_000)), 413, "request-too-large");
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() {
        String id = chat.startConversation(VISITOR, "Not JSON");
        expectProblem(http().post().uri("/api/conversations/{id}/messages", id).headers(chat.as(VISITOR))
                .contentType(MediaType.TEXT_PLAIN).bodyValue("hello").exchange(), 415, "unsupported-media-type");
    }

    @Test
    void anUnknownConversationIsNotFound() {
        expectProblem(chat.send(VISITOR, "no-such-conversation", "cm-1", "hi"), 404, "conversation-not-found");
        expectProblem(http().post().uri("/api/conversations/no-such-conversation/close").headers(chat.as(VISITOR))
                .exchange(), 404, "conversation-not-found");
        expectProblem(http().get().uri("/api/conversations/no-such-conversation/transcript")
                .headers(chat.as(VISITOR)).exchange(), 404, "conversation-not-found");
        expectProblem(http().get().uri("/api/conversations/no-such-conversation").headers(chat.as(VISITOR))
                .exchange(), 404, "conversation-not-found");
    }

    @Test
    void anotherVisitorCanNeitherWriteNorReadNorLearnThatItExists() {
        String id = chat.startConversation(VISITOR, "Private");
        chat.sendNew(VISITOR, id, "cm-1", "my address is ...");
        // Authorization answers before any other rule: no 409 tells v-2 that cm-1 is taken.
        expectProblem(chat.send("visitor:v-2", id, "cm-1", "hi"), 404, "conversation-not-found");
        expectProblem(chat.send("visitor:v-2", id, "cm-2", "hi"), 404, "conversation-not-found");
        expectProblem(http().get().uri("/api/conversations/{id}/transcript", id).headers(chat.as("visitor:v-2"))
                .exchange(), 404, "conversation-not-found");
        expectProblem(http().get().uri("/api/conversations/{id}", id).headers(chat.as("visitor:v-2"))
                .exchange(), 404, "conversation-not-found");
    }

    @Test
    void pageBoundsAreChecked() {
        String id = chat.startConversation(VISITOR, "Bounds");
        expectProblem(http().get().uri("/api/conversations/{id}/transcript?limit=0", id).headers(chat.as(VISITOR))
                .exchange(), 400, "page-bounds");
        expectProblem(http().get().uri("/api/conversations/{id}/transcript?limit=lots", id)
                .headers(chat.as(VISITOR)).exchange(), 400, "malformed-request");
    }
}
