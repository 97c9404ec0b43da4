package livechat.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static livechat.api.ChatClient.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A legal hold on a conversation, or a dispute open on it, keeps its visitor's data from erasure (409 legal-hold)
 * until released or resolved; each act is an event of the conversation, which the audit view lists.
 */
@ServerTest(settings = "--livechat.routing.automatic=false")
class LegalHoldApiTest {

    private static final String HOLD = "/api/conversations/{id}/legal-hold";
    private static final String ERASURE = "/api/visitors/{v}/erasure";
    private static final Map<String, String> ERASE = Map.of("reason", "asked by email", "legalBasis", "gdpr-art-17");

    @Test
    void aHoldBlocksTheErasureUntilReleased(ChatClient chat) {
        String id = chat.startConversation("visitor:v-held", "HELD-TOPIC");
        await().untilAsserted(() -> chat.conversation(SUPERVISOR, id));

        assertThat(chat.post("auditor:x-1", HOLD, Map.of("reason", "case 7"), id).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody()).containsEntry("change", "legal-hold-placed");
        ProblemAssertions.expectProblem(chat.post(SUPERVISOR, HOLD, Map.of("reason", "again"), id), 409,
                "legal-hold-placed");
        ProblemAssertions.expectProblem(chat.post("privacy:p-1", ERASURE, ERASE, "v-held"), 409, "legal-hold");

        chat.http().delete().uri(HOLD + "?reason=case closed", id).headers(chat.as(SUPERVISOR)).exchange()
                .expectStatus().isOk();
        ProblemAssertions.expectProblem(chat.http().delete().uri(HOLD, id).headers(chat.as(SUPERVISOR))
                .exchange(), 409, "no-legal-hold");
        assertThat(chat.post("privacy:p-1", ERASURE, ERASE, "v-held").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody()).containsEntry("recorded", true);
        assertThat(chat.get("auditor:x-1", "/api/audits/conversations/{id}", id).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody())
                .contains("LegalHoldPlaced", "LegalHoldReleased");
    }

    @Test
    void anOpenDisputeBlocksTheErasureUntilResolved(ChatClient chat) {
        String id = chat.startConversation("visitor:v-disputes", "DISPUTE-TOPIC");
        await().untilAsserted(() -> chat.conversation(SUPERVISOR, id));
        String disputeId = (String) chat.post("visitor:v-disputes", "/api/conversations/{id}/disputes",
                Map.of("reason", "wrong parcel"), id).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("disputeId");

        ProblemAssertions.expectProblem(chat.post(SUPERVISOR, ERASURE, ERASE, "v-disputes"), 409, "legal-hold");
        chat.post(SUPERVISOR, "/api/conversations/{id}/disputes/{d}/resolution", Map.of("outcome", "settled"), id,
                disputeId).expectStatus().isOk();
        chat.post(SUPERVISOR, ERASURE, ERASE, "v-disputes").expectStatus().isOk();
    }

    @Test
    void badInput(ChatClient chat) {
        String id = chat.startConversation("visitor:v-bad", "BAD");
        ProblemAssertions.expectProblem(chat.post("auditor:x-1", HOLD, Map.of("reason", " "), id), 400,
                "legal-hold-reason-required");
        ProblemAssertions.expectProblem(chat.post("auditor:x-1", HOLD, Map.of("reason", "x".repeat(501)), id), 400,
                "reason-length");
        ProblemAssertions.expectProblem(chat.post("auditor:x-1", HOLD, Map.of("reason", "case"), "c-nowhere"), 404,
                "conversation-not-found");
        for (String role : List.of("visitor:v-bad", "agent:a-1", "privacy:p-1")) {
            ProblemAssertions.expectProblem(chat.post(role, HOLD, Map.of("reason", "case"), id), 403, "forbidden");
        }
    }
}
