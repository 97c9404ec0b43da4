package livechat.api;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static livechat.api.ChatClient.SUPERVISOR;
import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Everything a visitor and an agent do inside a conversation, over a real port: each action's success and each of
 * its refusals.
 */
@ServerTest
class ConversationActionsApiTest {

    private static final String VISITOR = "visitor:v-1";
    private static final String SHA = "0123456789abcdef".repeat(4);

    private static LivechatServer server;
    private static ChatClient chat;
    private static int conversations;

    @BeforeAll
    static void connect(LivechatServer running, ChatClient client) {
        server = running;
        chat = client;
    }

    /** A conversation routed to a fresh agent of its own (by a skill only they have), so tests share no seats. */
    private static String[] routedConversation() {
        String agent = "agent-" + (++conversations);
        chat.agent(agent, List.of("skill-" + conversations), 5, "ONLINE");
        String id = chat.startConversation(VISITOR, "Conversation " + conversations, "skill-" + conversations);
        chat.awaitHolding(agent, id);
        return new String[] {id, "agent:" + agent};
    }

    private static Map<String, Object> onlyMessage(String reader, String id) {
        List<Map<String, Object>> messages = chat.messages(reader, id);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    @Test
    void theAuthorEditsAndASupervisorRedactsAndTheTextIsGoneForEveryone() {
        String id = routedConversation()[0];
        Map<?, ?> sent = chat.send(VISITOR, id, "cm-1", "My card is 4111 1111 1111 1111").expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String messageId = (String) sent.get("messageId");

        chat.put(VISITOR, "/api/conversations/{id}/messages/{m}", Map.of("text", "My card is 4111 ...", "reason",
                "oops"), id, messageId).expectStatus().isOk();
        chat.post(SUPERVISOR, "/api/conversations/{id}/messages/{m}/redaction", Map.of("reason", "card number"),
                id, messageId).expectStatus().isOk();

        await().untilAsserted(() -> {
            Map<String, Object> seenByVisitor = onlyMessage(VISITOR, id);
            assertThat(seenByVisitor.get("text")).isNull();
            assertThat(seenByVisitor.get("redaction")).isNotNull();
        });
        // The message's key is destroyed: auditors see that there was a text, not what it said.
        await().untilAsserted(() -> assertThat(onlyMessage("auditor:x-1", id))
                .containsEntry("originalText", "[erased]").containsEntry("text", "[erased]"));
    }

    @Test
    void editAndRedactionRefusals() {
        String[] routed = routedConversation();
        String id = routed[0];
        String messageId = (String) chat.send(VISITOR, id, "cm-1", "hello").expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("messageId");
        String edit = "/api/conversations/{id}/messages/{m}";
        String redact = edit + "/redaction";

        expectProblem(chat.put(routed[1], edit, Map.of("text", "hijacked"), id, messageId), 403,
                "edit-by-author-or-supervisor");
        expectProblem(chat.put(VISITOR, edit, Map.of("text", "x"), id, "no-such-message"), 404, "message-not-found");
        expectProblem(chat.put(VISITOR, edit, Map.of("text", " "), id, messageId), 400, "message-text-length");
        expectProblem(chat.post(SUPERVISOR, redact, Map.of(), id, messageId), 400, "redaction-reason-required");
        expectProblem(chat.post(routed[1], redact, Map.of("reason", "x"), id, messageId), 403, "supervisors-only");
        chat.post(SUPERVISOR, redact, Map.of("reason", "abuse"), id, messageId).expectStatus().isOk();
        expectProblem(chat.post(SUPERVISOR, redact, Map.of("reason", "again"), id, messageId), 409,
                "message-redacted");
        expectProblem(chat.put(VISITOR, edit, Map.of("text", "new"), id, messageId), 409, "message-redacted");
    }

    @Test
    void receiptsTypingAndMessagesReachTheStreamTyped() {
        String[] routed = routedConversation();
        String id = routed[0];
        long sequence = chat.sendNew(VISITOR, id, "cm-1", "anyone?");
        // Resuming just before the visitor's message: receiving it proves the live subscription is in place, which
        // matters because typing signals are never replayed.
        StepVerifier.create(LiveStream.after(server, VISITOR, id, sequence - 1))
                .assertNext(event -> assertThat(event.id()).isEqualTo(Long.toString(sequence)))
                .then(() -> chat.post(routed[1], "/api/conversations/{id}/typing", Map.of("typing", true), id)
                        .expectStatus().isAccepted())
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("typing");
                    assertThat(event.id()).isNull();
                    assertThat(event.data()).containsEntry("typing", true).containsEntry("role", "agent");
                })
                .then(() -> chat.post(routed[1], "/api/conversations/{id}/seen", Map.of("upToSequence", sequence), id)
                        .expectStatus().isOk())
                .assertNext(event -> assertThat(event.event()).isEqualTo("seen"))
                // Nobody refreshed the indicator: it ends by itself.
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("typing");
                    assertThat(event.data()).containsEntry("typing", false);
                })
                .then(() -> chat.sendNew(routed[1], id, "a-1", "Here!"))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("message");
                    assertThat(event.data()).containsEntry("text", "Here!");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void receiptAndTypingRefusals() {
        String id = routedConversation()[0];
        expectProblem(chat.post(VISITOR, "/api/conversations/{id}/seen", Map.of("upToSequence", 999), id), 400,
                "seen-within-conversation");
        expectProblem(chat.post("visitor:v-2", "/api/conversations/{id}/seen", Map.of("upToSequence", 0), id), 404,
                "conversation-not-found");
        expectProblem(chat.post(VISITOR, "/api/conversations/{id}/seen", Map.of(), id), 400, "malformed-request");
        expectProblem(chat.post("visitor:v-2", "/api/conversations/{id}/typing", Map.of("typing", true), id), 404,
                "conversation-not-found");
        expectProblem(chat.post(VISITOR, "/api/conversations/{id}/typing", Map.of(), id), 400, "malformed-request");
        expectProblem(chat.post(VISITOR, "/api/conversations/no-such/typing", Map.of("typing", true)), 404,
                "conversation-not-found");
    }

    @Test
    void tagsAreForStaff() {
        String[] routed = routedConversation();
        String id = routed[0];
        chat.post(routed[1], "/api/conversations/{id}/tags", Map.of("tag", "refund"), id).expectStatus().isOk();
        expectProblem(chat.post(VISITOR, "/api/conversations/{id}/tags", Map.of("tag", "vip"), id), 403,
                "tags-by-agents-and-supervisors");
        expectProblem(chat.post(routed[1], "/api/conversations/{id}/tags", Map.of("tag", "Not OK"), id), 400,
                "tag-format");
        await().untilAsserted(() -> assertThat(chat.conversation(SUPERVISOR, id).get("tags"))
                .isEqualTo(List.of("refund")));
        server.client().delete().uri("/api/conversations/{id}/tags/refund", id).headers(chat.as(routed[1]))
                .exchange().expectStatus().isOk();
        await().untilAsserted(() -> assertThat(chat.conversation(SUPERVISOR, id).get("tags")).isEqualTo(List.of()));
    }

    @Test
    void theVisitorRatesOncePerPeriodAfterTheClose() {
        String[] routed = routedConversation();
        String id = routed[0];
        String rating = "/api/conversations/{id}/rating";
        expectProblem(chat.post(VISITOR, rating, Map.of("score", 5), id), 409, "rating-after-close");
        chat.post(routed[1], "/api/conversations/{id}/close", Map.of("reason", "solved"), id).expectStatus().isOk();
        expectProblem(chat.post(routed[1], rating, Map.of("score", 5), id), 403, "only-the-visitor-rates");
        expectProblem(chat.post(VISITOR, rating, Map.of("score", 6), id), 400, "rating-score-range");
        expectProblem(chat.post(VISITOR, rating, Map.of("comment", "no score"), id), 400, "malformed-request");
        chat.post(VISITOR, rating, Map.of("score", 4, "comment", "good"), id).expectStatus().isCreated();
        expectProblem(chat.post(VISITOR, rating, Map.of("score", 5), id), 409, "one-rating-per-period");
    }

    @Test
    void reopeningStartsANewPeriod() {
        String[] routed = routedConversation();
        String id = routed[0];
        String reopen = "/api/conversations/{id}/reopen";
        expectProblem(chat.post(VISITOR, reopen, Map.of(), id), 409, "conversation-closed");
        chat.post(VISITOR, "/api/conversations/{id}/close", Map.of(), id).expectStatus().isOk();
        expectProblem(chat.post("visitor:v-2", reopen, Map.of(), id), 404, "conversation-not-found");
        chat.post(VISITOR, reopen, Map.of("reason", "still broken"), id).expectStatus().isOk();
        chat.sendNew(VISITOR, id, "cm-1", "It is still broken");
    }

    @Test
    void aDisputeIsOpenedArguedAndResolved() {
        String[] routed = routedConversation();
        String id = routed[0];
        Map<?, ?> opened = chat.post(VISITOR, "/api/conversations/{id}/disputes", Map.of("reason", "charged twice"),
                id).expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String disputeId = (String) opened.get("disputeId");
        String evidence = "/api/conversations/{id}/disputes/{d}/evidence";
        String resolution = "/api/conversations/{id}/disputes/{d}/resolution";

        expectProblem(chat.post(VISITOR, "/api/conversations/{id}/disputes", Map.of("reason", "again"), id), 409,
                "one-open-dispute");
        chat.post(routed[1], evidence, Map.of("note", "refund issued on the 3rd"), id, disputeId)
                .expectStatus().isCreated();
        expectProblem(chat.post(routed[1], evidence, Map.of("note", "x"), id, "no-such-dispute"), 404,
                "dispute-not-found");
        expectProblem(chat.post(routed[1], resolution, Map.of("outcome", "upheld"), id, disputeId), 403,
                "supervisors-resolve-disputes");
        expectProblem(chat.post(SUPERVISOR, resolution, Map.of("outcome", "maybe"), id, disputeId), 400,
                "dispute-outcome");
        chat.post(SUPERVISOR, resolution, Map.of("outcome", "rejected", "note", "refund was issued"), id, disputeId)
                .expectStatus().isOk();
        expectProblem(chat.post(routed[1], evidence, Map.of("note", "late"), id, disputeId), 409, "dispute-open");
        expectProblem(chat.post("visitor:v-2", "/api/conversations/{id}/disputes", Map.of("reason", "x"), id), 404,
                "conversation-not-found");
    }

    @Test
    void agentsSendCannedResponsesFromTheSharedLibrary() {
        String[] routed = routedConversation();
        String id = routed[0];
        chat.put(SUPERVISOR, "/api/canned-responses/{key}", Map.of("title", "Greeting", "text",
                "Hi! How can I help you today?"), "greeting").expectStatus().isOk();
        expectProblem(chat.put(routed[1], "/api/canned-responses/{key}", Map.of("title", "x", "text", "y"), "mine"),
                403, "supervisors-manage-canned-responses");
        expectProblem(chat.put(SUPERVISOR, "/api/canned-responses/{key}", Map.of("title", "x", "text", "y"), "Bad!"),
                400, "canned-response-key");
        await().untilAsserted(() -> chat.get(routed[1], "/api/canned-responses").expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.key == 'greeting')].text").isEqualTo("Hi! How can I help you today?"));
        expectProblem(chat.get(VISITOR, "/api/canned-responses"), 403, "staff-only");

        chat.post(routed[1], "/api/conversations/{id}/messages", Map.of("clientMessageId", "c-1", "cannedResponse",
                "greeting"), id).expectStatus().isCreated();
        assertThat(chat.awaitMessages(VISITOR, id, 1).get(0)).containsEntry("text", "Hi! How can I help you today?")
                .containsEntry("cannedResponseKey", "greeting");
        expectProblem(chat.post(routed[1], "/api/conversations/{id}/messages", Map.of("clientMessageId", "c-2",
                "cannedResponse", "nope"), id), 404, "canned-response-exists");
        expectProblem(chat.post(routed[1], "/api/conversations/{id}/messages", Map.of("clientMessageId", "c-3",
                "cannedResponse", "greeting", "text", "and more"), id), 400, "canned-response-alone");
        expectProblem(chat.post(VISITOR, "/api/conversations/{id}/messages", Map.of("clientMessageId", "c-4",
                "cannedResponse", "greeting"), id), 403, "canned-responses-by-agents");

        server.client().delete().uri("/api/canned-responses/greeting").headers(chat.as(SUPERVISOR)).exchange()
                .expectStatus().isOk();
        expectProblem(chat.post(routed[1], "/api/conversations/{id}/messages", Map.of("clientMessageId", "c-5",
                "cannedResponse", "greeting"), id), 404, "canned-response-exists");
    }

    @Test
    void attachmentsAreReferencesWithLimits() {
        String id = routedConversation()[0];
        Map<String, Object> invoice = Map.of("name", "invoice.pdf", "mediaType", "application/pdf", "sizeBytes",
                48_213, "sha256", SHA);
        chat.post(VISITOR, "/api/conversations/{id}/messages", Map.of("clientMessageId", "c-1", "text", "see",
                "attachments", List.of(invoice)), id).expectStatus().isCreated();
        expectProblem(chat.post(VISITOR, "/api/conversations/{id}/messages", Map.of("clientMessageId", "c-2",
                "attachments", List.of(Map.of("name", "run.exe", "mediaType", "application/x-msdownload",
                        "sizeBytes", 10, "sha256", SHA))), id), 400, "attachment-limits");
        expectProblem(chat.post(VISITOR, "/api/conversations/{id}/messages", Map.of("clientMessageId", "c-3",
                "attachments", List.of(Map.of("name", "a.pdf"))), id), 400, "attachment-limits");
        expectProblem(chat.post(VISITOR, "/api/conversations/{id}/messages",
                "{\"clientMessageId\": \"c-4\", \"attachments\": [null]}", id), 400, "attachment-limits");
        assertThat(chat.awaitMessages(VISITOR, id, 1).get(0).get("attachments")).asList().hasSize(1);
    }
}
