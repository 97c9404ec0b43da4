package livechat.api;

import livechat.events.Actor;
import livechat.events.audit.AuditBundle;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.DisputeEvidenceAdded;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.DisputeResolved;
import livechat.events.conversation.ConversationEvent.MessageSent;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit endpoints over a real port, including a tamperer who edits a stored payload in the H2 event table
 * underneath the running application.
 */
@ServerTest
class AuditApiTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor AUDITOR = Actor.parse("auditor:x-1");

    private static LivechatServer server;
    private static WebTestClient http;
    private static EventAppender log;

    @BeforeAll
    static void connect(LivechatServer running) {
        server = running;
        http = server.client();
        log = new EventAppender(server.bean(EventStore.class));
    }

    /** A closed conversation with a resolved and an open dispute, audited; answers its id. */
    private static String disputedConversation() {
        String id = "c-" + UUID.randomUUID();
        log.conversation(id, "visitor:v-1", T0, new ConversationStarted(id, "v-1", "Charge", null));
        log.conversation(id, "visitor:v-1", T0.plusSeconds(1), new MessageSent(id, "m-1", "cm-1", VISITOR,
                "charged twice", false));
        log.conversation(id, "visitor:v-1", T0.plusSeconds(2), new ConversationClosed(id, VISITOR, "done", null));
        log.conversation(id, "visitor:v-1", T0.plusSeconds(3), new DisputeOpened(id, id + "-d1", "double", VISITOR));
        log.conversation(id, "auditor:x-1", T0.plusSeconds(4), new DisputeEvidenceAdded(id, id + "-d1", "statement",
                AUDITOR));
        log.conversation(id, "auditor:x-1", T0.plusSeconds(5), new DisputeResolved(id, id + "-d1", "upheld",
                "refunded", AUDITOR));
        log.conversation(id, "visitor:v-1", T0.plusSeconds(6), new DisputeOpened(id, id + "-d2", "again", VISITOR));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<String, Object> verification = verify(id);
            return verification != null && Integer.valueOf(7).equals(verification.get("checked"));
        });
        return id;
    }

    private static Map<String, Object> verify(String id) {
        return http.get().uri("/api/audits/conversations/{id}/verify", id).headers(server.as("auditor:x-1"))
                .exchange().expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
    }

    @Test
    void anAuditorSeesEveryEventWithItsChain() {
        String id = disputedConversation();
        http.get().uri("/api/audits/conversations/{id}", id).headers(server.as("auditor:x-1")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.events.length()").isEqualTo(7)
                .jsonPath("$.events[1].sequence").isEqualTo(1)
                .jsonPath("$.events[1].type").isEqualTo("MessageSent")
                .jsonPath("$.events[1].actor").isEqualTo("visitor:v-1")
                .jsonPath("$.events[1].timestamp").isEqualTo("2026-06-01T12:00:01Z")
                .jsonPath("$.events[1].position").isNumber()
                .jsonPath("$.events[1].eventId").isNotEmpty()
                .jsonPath("$.events[1].payload").value(payload -> assertThat((String) payload)
                        .contains("\"text\":\"charged twice\""))
                .jsonPath("$.events[1].digest").value(digest -> assertThat((String) digest).hasSize(64))
                .jsonPath("$.disputes.length()").isEqualTo(2)
                .jsonPath("$.disputes[0].status").isEqualTo("RESOLVED")
                .jsonPath("$.disputes[0].outcome").isEqualTo("upheld")
                .jsonPath("$.disputes[0].evidence[0].note").isEqualTo("statement");
    }

    @Test
    void theDisputeListFiltersByStatus() {
        String id = disputedConversation();
        http.get().uri("/api/audits/disputes?status=open").headers(server.as("supervisor:s-1")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.disputes[?(@.disputeId == '" + id + "-d2')].status").isEqualTo("OPEN")
                .jsonPath("$.disputes[?(@.disputeId == '" + id + "-d1')]").isEmpty();
        http.get().uri("/api/audits/disputes?status=RESOLVED").headers(server.as("auditor:x-1")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.disputes[?(@.disputeId == '" + id + "-d1')].outcome").isEqualTo("upheld");
    }

    @Test
    void tamperingWithAStoredPayloadIsReportedAtExactlyItsPosition() throws Exception {
        String id = disputedConversation();
        assertThat(verify(id).get("ok")).isEqualTo(true);

        long position;
        DataSource eventStore = server.bean(DataSource.class);
        try (Connection connection = eventStore.getConnection()) {
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT globalIndex, payload FROM DomainEventEntry WHERE aggregateIdentifier = ? "
                            + "AND sequenceNumber = 1")) {
                find.setString(1, id);
                try (ResultSet row = find.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    position = row.getLong(1);
                    String forged = new String(row.getBytes(2), StandardCharsets.UTF_8)
                            .replace("charged twice", "charged once");
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE DomainEventEntry SET payload = ? WHERE globalIndex = ?")) {
                        update.setBytes(1, forged.getBytes(StandardCharsets.UTF_8));
                        update.setLong(2, position);
                        assertThat(update.executeUpdate()).isEqualTo(1);
                    }
                }
            }
        }

        Map<String, Object> verification = verify(id);
        assertThat(verification.get("ok")).isEqualTo(false);
        assertThat(verification.get("sequence")).isEqualTo(1);
        assertThat(((Number) verification.get("firstMismatch")).longValue()).isEqualTo(position);
    }

    @Test
    void theExportBundleVerifiesOffline() throws Exception {
        String id = disputedConversation();
        byte[] bundle = http.get().uri("/api/audits/conversations/{id}/export", id).headers(server.as("auditor:x-1"))
                .exchange().expectStatus().isOk()
                .expectHeader().contentType("application/zip")
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"audit-c-.*\\.zip\"")
                .expectBody(byte[].class).returnResult().getResponseBody();
        AuditBundle.Verification offline = AuditBundle.verify(new ByteArrayInputStream(bundle));
        assertThat(offline.ok()).isTrue();
        assertThat(offline.events()).isEqualTo(7);
    }

    @Test
    void refusals() {
        String id = disputedConversation();
        expectProblem(http.get().uri("/api/audits/conversations/{id}", id).exchange(), 401, "authentication-required");
        for (String path : new String[] {"", "/verify", "/export"}) {
            expectProblem(http.get().uri("/api/audits/conversations/{id}" + path, id)
                    .headers(server.as("supervisor:s-1")).exchange(), 403, "auditors-only");
            expectProblem(http.get().uri("/api/audits/conversations/nope" + path)
                    .headers(server.as("auditor:x-1")).exchange(), 404, "conversation-not-found");
        }
        expectProblem(http.get().uri("/api/audits/disputes").headers(server.as("agent:a-1")).exchange(), 403,
                "auditors-or-supervisors");
        expectProblem(http.get().uri("/api/audits/disputes?status=pending").headers(server.as("auditor:x-1"))
                .exchange(), 400, "dispute-status");
    }

    @Test
    void eachProjectionReportsItsLagAndIsCaughtUp() {
        disputedConversation();
        for (String processor : new String[] {"transcript", "agent-metrics", "dispute-audit"}) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String metric : new String[] {"events", "seconds"}) {
                    http.get().uri("/actuator/metrics/livechat.projection.lag." + metric + "?tag=processor:"
                                    + processor).headers(server.as("ops:o-1")).exchange().expectStatus().isOk()
                            .expectBody()
                            .jsonPath("$.measurements[0].value").isEqualTo(0.0);
                }
            });
        }
    }
}
