package livechat.api;

import livechat.events.Actor;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.ConversationTagged;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageRedacted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.conversation.ConversationEvent.MessagesSeen;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Transcript reads, search and export over a real port, for each audience, with their refusals. */
@ServerTest
class TranscriptReadApiTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Actor VISITOR = Actor.parse("visitor:v-9");
    private static final Actor AGENT = Actor.parse("agent:a-7");

    private static LivechatServer server;
    private static WebTestClient http;
    private static TestTokens tokens;
    private static String id;

    @BeforeAll
    static void seed(LivechatServer livechat) {
        server = livechat;
        http = server.client();
        tokens = server.tokens();
        EventAppender log = new EventAppender(server.bean(EventStore.class));
        id = "c-" + UUID.randomUUID();
        log.conversation(id, "visitor:v-9", T0, new ConversationStarted(id, "v-9", "Card", null));
        log.conversation(id, "system:routing", T0.plusSeconds(1), new AgentAssigned(id, "a-7", "r-1",
                Actor.system("routing")));
        log.conversation(id, "visitor:v-9", T0.plusSeconds(2), new MessageSent(id, "m-1", "cm-1", VISITOR,
                "my card 4111", false));
        log.conversation(id, "agent:a-7", T0.plusSeconds(3), new MessageSent(id, "m-2", "cm-2", AGENT, "note", true));
        log.conversation(id, "agent:a-7", T0.plusSeconds(4), new MessageSent(id, "m-3", "cm-3", AGENT, "helo",
                false));
        log.conversation(id, "agent:a-7", T0.plusSeconds(5), new MessageEdited(id, "m-3", 4L, "hello", "typo", AGENT));
        log.conversation(id, "agent:a-7", T0.plusSeconds(6), new MessageRedacted(id, "m-1", 2L, "pan", AGENT));
        log.conversation(id, "visitor:v-9", T0.plusSeconds(7), new MessagesSeen(id, VISITOR, 4));
        log.conversation(id, "agent:a-7", T0.plusSeconds(8), new ConversationTagged(id, "cards", AGENT));
        await().atMost(Duration.ofSeconds(30)).until(() -> tagged() && transcriptOf("auditor:x-1").contains("\"pan\"")
                && transcriptOf("auditor:x-1").contains("\"originalText\":\"helo\"")
                && transcriptOf("auditor:x-1").contains("\"visitor:v-9\":4"));
    }

    private static boolean tagged() {
        Map<?, ?> body = http.get().uri("/api/transcripts?tag=cards").headers(tokens.as("supervisor:s-1")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return !((List<?>) body.get("conversations")).isEmpty();
    }

    private static String transcriptOf(String actor) {
        return http.get().uri("/api/conversations/{id}/transcript", id).headers(tokens.as(actor)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void aVisitorGetsTheMarkerAndCurrentTextsButNoNotes() {
        http.get().uri("/api/conversations/{id}/transcript", id).headers(tokens.as("visitor:v-9")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.messages.length()").isEqualTo(2)
                .jsonPath("$.messages[0].messageId").isEqualTo("m-1")
                .jsonPath("$.messages[0].text").doesNotExist()
                .jsonPath("$.messages[0].redaction.at").isEqualTo("2026-03-02T10:00:06Z")
                .jsonPath("$.messages[0].redaction.reason").doesNotExist()
                .jsonPath("$.messages[1].text").isEqualTo("hello")
                .jsonPath("$.messages[1].edits[0].sequence").isEqualTo(5)
                .jsonPath("$.seenUpTo['visitor:v-9']").isEqualTo(4);
        assertThat(transcriptOf("visitor:v-9")).doesNotContain("4111").doesNotContain("note").doesNotContain("helo\"");
    }

    @Test
    void anAuditorSeesEditedOriginalsButARedactedTextIsGone() {
        http.get().uri("/api/conversations/{id}/transcript", id).headers(tokens.as("auditor:x-1")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.messages.length()").isEqualTo(3)
                .jsonPath("$.messages[0].text").isEqualTo("[erased]")
                .jsonPath("$.messages[0].redaction.reason").isEqualTo("pan")
                .jsonPath("$.messages[2].originalText").isEqualTo("helo")
                .jsonPath("$.messages[2].edits[0].text").isEqualTo("hello");
    }

    @Test
    void searchFindsByAgentTagTimeAndStatus() {
        http.get().uri("/api/transcripts?agent=a-7&from=2026-03-02&to=2026-03-02&tag=cards")
                .headers(tokens.as("agent:a-7")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.conversations.length()").isEqualTo(1)
                .jsonPath("$.conversations[0].conversationId").isEqualTo(id)
                .jsonPath("$.conversations[0].agents[0]").isEqualTo("a-7");
        // Another agent finds only what they hold or held themselves.
        http.get().uri("/api/transcripts?tag=cards").headers(tokens.as("agent:a-1")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.conversations.length()").isEqualTo(0);
        expectProblem(http.get().uri("/api/transcripts?agent=a-7").headers(tokens.as("agent:a-1")).exchange(), 403,
                "agents-search-own-conversations");
        http.get().uri("/api/transcripts?agent=a-7&from=2026-03-03").headers(tokens.as("auditor:x-1")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.conversations.length()").isEqualTo(0);
        http.get().uri("/api/transcripts?from=2026-03-02T09:00:00Z&to=2026-03-02T10:00:01Z&agent=a-7")
                .headers(tokens.as("auditor:x-1")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.conversations.length()").isEqualTo(1);
        http.get().uri("/api/transcripts?agent=a-7&status=open").headers(tokens.as("agent:a-7")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.conversations[0].conversationId").isEqualTo(id);
        http.get().uri("/api/transcripts?agent=a-7&status=CLOSED").headers(tokens.as("agent:a-7")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.conversations.length()").isEqualTo(0);
    }

    @Test
    void searchPagesFollowTheirNextUntilAPageIsNotFull() {
        EventAppender log = new EventAppender(server.bean(EventStore.class));
        String agent = "a-" + UUID.randomUUID();
        List<String> started = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            String conversation = "c-" + UUID.randomUUID();
            started.add(conversation);
            log.conversation(conversation, "visitor:v-p" + n, T0.plusSeconds(n / 2), new ConversationStarted(
                    conversation, "v-p" + n, "Paged", null));
            log.conversation(conversation, "system:routing", T0.plusSeconds(n / 2), new AgentAssigned(conversation,
                    agent, "r-p" + n, Actor.system("routing")));
        }
        // Two of them start at one instant: the order breaks the tie by id.
        List<String> order = new ArrayList<>(started.subList(0, 2).stream().sorted().toList());
        order.add(started.get(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> page("agent=" + agent + "&limit=3")
                .get("conversations").size() == 3);

        List<String> read = new ArrayList<>();
        String query = "agent=" + agent + "&limit=2";
        Map<String, List<String>> page = page(query);
        read.addAll(page.get("conversations"));
        assertThat(page.get("next")).hasSize(1);
        page = page(query + "&after=" + page.get("next").get(0));
        read.addAll(page.get("conversations"));
        assertThat(page.get("next")).isEmpty();
        assertThat(read).isEqualTo(order);

        expectProblem(http.get().uri("/api/transcripts?after=not-a-cursor").headers(tokens.as("auditor:x-1"))
                .exchange(), 400, "page-bounds");
        expectProblem(http.get().uri("/api/transcripts?after={after}", Base64.getUrlEncoder().encodeToString(
                "2026-03-02T10:00:00Z".getBytes(StandardCharsets.UTF_8))).headers(tokens.as("auditor:x-1"))
                .exchange(), 400, "page-bounds");
    }

    /** A search page's conversation ids, and its {@code next} (none, or one). */
    private static Map<String, List<String>> page(String query) {
        Map<?, ?> body = http.get().uri("/api/transcripts?" + query).headers(tokens.as("auditor:x-1")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<String> ids = ((List<?>) body.get("conversations")).stream()
                .map(conversation -> (String) ((Map<?, ?>) conversation).get("conversationId")).toList();
        return Map.of("conversations", ids, "next", body.get("next") == null ? List.of()
                : List.of((String) body.get("next")));
    }

    @Test
    void searchIsForStaffWithValidBounds() {
        expectProblem(http.get().uri("/api/transcripts?status=maybe").headers(tokens.as("agent:a-1")).exchange(),
                400, "conversation-status");
        expectProblem(http.get().uri("/api/transcripts").exchange(), 401, "authentication-required");
        expectProblem(http.get().uri("/api/transcripts").headers(tokens.as("visitor:v-9")).exchange(), 403,
                "staff-only");
        expectProblem(http.get().uri("/api/transcripts?from=yesterday").headers(tokens.as("agent:a-1")).exchange(),
                400, "time-range");
        expectProblem(http.get().uri("/api/transcripts?from=2026-03-03&to=2026-03-01").headers(tokens.as("agent:a-1"))
                .exchange(), 400, "time-range");
        expectProblem(http.get().uri("/api/transcripts?limit=0").headers(tokens.as("agent:a-1")).exchange(), 400,
                "page-bounds");
    }

    @Test
    void exportsAsJsonAndPlainText() {
        http.get().uri("/api/conversations/{id}/transcript/export", id).headers(tokens.as("agent:a-7")).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"transcript-c-.*\\.json\"")
                .expectBody().jsonPath("$.messages.length()").isEqualTo(3).jsonPath("$.hasMore").isEqualTo(false);
        String text = http.get().uri("/api/conversations/{id}/transcript/export?format=text", id)
                .headers(tokens.as("visitor:v-9")).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(text).contains("#2 visitor v-9: [redacted]").contains("#4 agent a-7: hello")
                .doesNotContain("4111").doesNotContain("note");
    }

    @Test
    void exportRefusals() {
        expectProblem(http.get().uri("/api/conversations/{id}/transcript/export?format=pdf", id)
                .headers(tokens.as("agent:a-7")).exchange(), 400, "export-format");
        expectProblem(http.get().uri("/api/conversations/{id}/transcript/export", id)
                .headers(tokens.as("visitor:v-other")).exchange(), 404, "conversation-not-found");
        expectProblem(http.get().uri("/api/conversations/{id}/transcript/export", id)
                .headers(tokens.as("agent:a-1")).exchange(), 404, "conversation-not-found");
        expectProblem(http.get().uri("/api/conversations/nope/transcript/export").headers(tokens.as("agent:a-1"))
                .exchange(), 404, "conversation-not-found");
        expectProblem(http.get().uri("/api/conversations/{id}/transcript/export", id).exchange(), 401,
                "authentication-required");
    }
}
