package livechat.api;

import livechat.events.Actor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livechat.events.audit.AuditBundle;
import livechat.events.audit.AuditLink;
import livechat.events.audit.ChainCheck;
import livechat.events.audit.CheckpointKey;
import livechat.events.audit.StoredEvent;
import livechat.eventstore.jdbc.JdbcStoredEvents;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static livechat.api.ProblemAssertions.expectProblem;
import static livechat.api.ZipFiles.unzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit endpoints over a real port, including a tamperer who edits the H2 event table underneath the running
 * application, checkpoints, and the access log.
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
                // The payload as stored: its text sealed (docs/privacy.md).
                .jsonPath("$.events[1].payload").value(payload -> assertThat((String) payload)
                        .contains("\"text\":\"lc1:").doesNotContain("charged twice"))
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
                            .replace("\"internal\":false", "\"internal\":true");
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

    private static Map<String, Object> checkpoint(String actor) {
        return http.post().uri("/api/audits/checkpoints").headers(server.as(actor)).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/audits/checkpoints/\\d+")
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { }).returnResult()
                .getResponseBody();
    }

    @Test
    void theExportBundleCarriesItsCheckpointAndAccessHistoryAndVerifiesWithThePublicKeyAlone() throws Exception {
        String id = disputedConversation();
        checkpoint("auditor:x-1");
        byte[] bundle = http.get().uri("/api/audits/conversations/{id}/export", id).headers(server.as("auditor:x-1"))
                .header("X-Purpose", "case 7").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/zip")
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"audit-c-.*\\.zip\"")
                .expectBody(byte[].class).returnResult().getResponseBody();

        PublicKey key = server.bean(CheckpointKey.class).publicKey();
        AuditBundle.Verification offline = AuditBundle.verify(new ByteArrayInputStream(bundle), key);
        assertThat(offline.ok()).as(offline.reason()).isTrue();
        assertThat(offline.events()).isEqualTo(7);
        assertThat(offline.anchoredSequence()).isEqualTo(6);
        Map<String, String> entries = unzip(bundle);
        assertThat(entries.get(AuditBundle.MANIFEST)).contains("\"checkpoint\"", "\"inclusionProof\"");
        assertThat(entries.get(AuditBundle.ACCESS)).contains("\"actor\":\"auditor:x-1\"",
                "\"resource\":\"audit-export\"", "\"purpose\":\"case 7\"");
        assertThat(AuditBundle.verify(new ByteArrayInputStream(bundle), CheckpointKey.generate().publicKey()).ok())
                .as("checked against another key").isFalse();
    }


    @Test
    void checkpointsAreMadeOnDemandSignedAndKeptInTheSink() {
        disputedConversation();
        Map<String, Object> made = checkpoint("supervisor:s-1");
        assertThat(made).containsKeys("sequence", "root", "signature", "publicKey", "createdAt", "conversations");
        assertThat(made.get("publicKey")).isEqualTo(server.bean(CheckpointKey.class).publicKeyText());
        long sequence = ((Number) made.get("sequence")).longValue();
        assertThat(server.dataDir().resolve("checkpoints").resolve(String.format("checkpoint-%012d.json", sequence)))
                .exists();
        http.get().uri("/api/audits/checkpoints/{n}", sequence).headers(server.as("auditor:x-1")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.root").isEqualTo(made.get("root"));
        http.get().uri("/api/audits/checkpoints/latest").headers(server.as("auditor:x-1")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.sequence").value(latest ->
                        assertThat(((Number) latest).longValue()).isGreaterThanOrEqualTo(sequence));
        expectProblem(http.get().uri("/api/audits/checkpoints/999999").headers(server.as("auditor:x-1"))
                .exchange(), 404, "checkpoint-not-found");
        expectProblem(http.post().uri("/api/audits/checkpoints").headers(server.as("agent:a-1")).exchange(), 403,
                "auditors-or-supervisors");
        expectProblem(http.get().uri("/api/audits/checkpoints/latest").headers(server.as("visitor:v-1"))
                .exchange(), 403, "auditors-or-supervisors");
    }

    /**
     * The insider rewrites an anchored payload in the event table and recomputes every link after it: the stored
     * links hold, so only the checkpoints find it, placed after the last anchor that still holds.
     */
    @Test
    void aRewriteWithEveryLinkRecomputedIsFoundByTheCheckpoints() throws Exception {
        String id = "c-" + UUID.randomUUID();
        log.conversation(id, "visitor:v-1", T0, new ConversationStarted(id, "v-1", "Charge", null));
        log.conversation(id, "visitor:v-1", T0.plusSeconds(1), new MessageSent(id, "m-1", "cm-1", VISITOR,
                "hello", false));
        checkpoint("auditor:x-1");
        log.conversation(id, "visitor:v-1", T0.plusSeconds(2), new MessageSent(id, "m-2", "cm-2", VISITOR,
                "I paid 100 EUR", false));
        log.conversation(id, "visitor:v-1", T0.plusSeconds(3), new ConversationClosed(id, VISITOR, "done", null));
        checkpoint("auditor:x-1");
        assertThat(verify(id).get("ok")).isEqualTo(true);

        DataSource eventStore = server.bean(DataSource.class);
        JdbcTemplate sql = new JdbcTemplate(eventStore);
        String where = " WHERE aggregateIdentifier = ? AND sequenceNumber = ?";
        byte[] payload = sql.queryForObject("SELECT payload FROM DomainEventEntry" + where, byte[].class, id, 2);
        sql.update("UPDATE DomainEventEntry SET payload = ?" + where, new String(payload, StandardCharsets.UTF_8)
                .replace("\"internal\":false", "\"internal\":true").getBytes(StandardCharsets.UTF_8), id, 2);
        List<StoredEvent> stored = new JdbcStoredEvents(eventStore).read(id);
        String previous = stored.get(1).link();
        ObjectMapper json = new ObjectMapper();
        for (StoredEvent event : stored.subList(2, stored.size())) {
            String link = event.content().after(previous);
            ObjectNode metaData = (ObjectNode) json.readTree(sql.queryForObject(
                    "SELECT metaData FROM DomainEventEntry" + where, byte[].class, id, event.sequence()));
            metaData.put(AuditLink.PREVIOUS, previous).put(AuditLink.LINK, link);
            sql.update("UPDATE DomainEventEntry SET metaData = ?" + where, json.writeValueAsBytes(metaData), id,
                    event.sequence());
            previous = link;
        }
        assertThat(ChainCheck.of(new JdbcStoredEvents(eventStore).read(id)).ok()).as("the links alone hold").isTrue();

        Map<String, Object> verification = verify(id);
        assertThat(verification.get("ok")).isEqualTo(false);
        assertThat(verification.get("sequence")).isEqualTo(2);
        assertThat((String) verification.get("reason")).contains("rewritten");
    }

    @Test
    void everyReadOfRecordsByStaffIsInTheAccessLog() {
        String id = disputedConversation();
        http.get().uri("/api/conversations/{id}/transcript", id).headers(server.as("supervisor:s-1"))
                .header("X-Purpose", "quality review").exchange().expectStatus().isOk();
        http.get().uri("/api/conversations/{id}/transcript/export?purpose=complaint 12", id)
                .headers(server.as("supervisor:s-1")).exchange().expectStatus().isOk();
        http.get().uri("/api/audits/conversations/{id}", id).headers(server.as("auditor:x-1")).exchange()
                .expectStatus().isOk();
        http.get().uri("/api/conversations/{id}/transcript", id).headers(server.as("visitor:v-1")).exchange()
                .expectStatus().isOk();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get()
                .uri("/api/audits/access?conversationId={id}", id).headers(server.as("auditor:x-1")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.access[?(@.resource == 'transcript')].actor").isEqualTo("supervisor:s-1")
                .jsonPath("$.access[?(@.resource == 'transcript')].purpose").isEqualTo("quality review")
                .jsonPath("$.access[?(@.resource == 'transcript-export')].purpose").isEqualTo("complaint 12")
                .jsonPath("$.access[?(@.resource == 'audit')].actor").isEqualTo("auditor:x-1")
                .jsonPath("$.access[?(@.actor == 'visitor:v-1')]").isEmpty()
                .jsonPath("$.access.length()").value(length -> assertThat((Integer) length)
                        .isGreaterThanOrEqualTo(3)));
        http.get().uri("/api/audits/access?conversationId={id}&actor=supervisor:s-1&from=2000-01-01&to=2999-01-01",
                        id).headers(server.as("auditor:x-1")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.access.length()").isEqualTo(2);
        http.get().uri("/api/audits/access?conversationId={id}&to=2000-01-01", id)
                .headers(server.as("auditor:x-1")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.access.length()").isEqualTo(0);

        expectProblem(http.get().uri("/api/audits/access").headers(server.as("supervisor:s-1")).exchange(), 403,
                "auditors-only");
        expectProblem(http.get().uri("/api/audits/access?limit=0").headers(server.as("auditor:x-1")).exchange(),
                400, "page-bounds");
        expectProblem(http.get().uri("/api/audits/access?actor=nobody").headers(server.as("auditor:x-1")).exchange(),
                400, "actor-format");
        expectProblem(http.get().uri("/api/audits/conversations/{id}", id).headers(server.as("auditor:x-1"))
                .header("X-Purpose", "x".repeat(300)).exchange(), 400, "purpose-format");
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
