package livechat.api;

import livechat.events.Actor;
import livechat.events.agent.AgentEvent.AgentRegistered;
import livechat.events.agent.AgentEvent.AgentReleased;
import livechat.events.agent.AgentEvent.AgentReserved;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The metrics endpoints over a real port, on events appended to the server's event store, with their refusals. */
@ServerTest
class MetricsApiTest {

    private static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
    private static final String ID = "c-metrics";
    /** Still open and held by a-1, before the queried days: its seat is the agent's open load. */
    private static final String HELD = "c-held";

    private static WebTestClient http;
    private static TestTokens tokens;

    @BeforeAll
    static void seed(LivechatServer server) {
        http = server.client();
        tokens = server.tokens();
        EventAppender log = new EventAppender(server.bean(EventStore.class));
        Actor visitor = Actor.parse("visitor:v-1");
        Actor agent = Actor.parse("agent:a-1");
        log.agent("a-1", "supervisor:s-1", T0, new AgentRegistered("a-1", "Ada", Set.of(), 2,
                Actor.parse("supervisor:s-1")));
        Instant earlier = T0.minus(Duration.ofDays(14));
        log.conversation(HELD, "visitor:v-2", earlier, new ConversationStarted(HELD, "v-2", "Socks", null));
        log.agent("a-1", "system:routing", earlier, new AgentReserved("a-1", HELD, "r-0"));
        log.conversation(HELD, "system:routing", earlier, new AgentAssigned(HELD, "a-1", "r-0",
                Actor.system("routing")));
        log.conversation(ID, "visitor:v-1", T0, new ConversationStarted(ID, "v-1", "Shoes", null));
        log.agent("a-1", "system:routing", T0.plusSeconds(30), new AgentReserved("a-1", ID, "r-1"));
        log.conversation(ID, "system:routing", T0.plusSeconds(30), new AgentAssigned(ID, "a-1", "r-1",
                Actor.system("routing")));
        log.conversation(ID, "visitor:v-1", T0.plusSeconds(40), new MessageSent(ID, "m-1", "cm-1", visitor, "hi",
                false));
        log.conversation(ID, "agent:a-1", T0.plusSeconds(52), new MessageSent(ID, "m-2", "cm-2", agent, "hello",
                false));
        log.conversation(ID, "visitor:v-1", T0.plusSeconds(100), new ConversationClosed(ID, visitor, "done", "a-1"));
        log.agent("a-1", "system:routing", T0.plusSeconds(100), new AgentReleased("a-1", ID, "closed"));
        log.conversation(ID, "visitor:v-1", T0.plusSeconds(110), new ConversationRated(ID, 4, null, "a-1"));
        // Signing in (bcrypt) is done before the projections are waited for.
        tokens.token("agent:a-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<?, ?> body = http.get().uri("/api/agents/a-1/metrics?from=2026-05-04&to=2026-05-04")
                    .headers(tokens.as("agent:a-1")).exchange().expectStatus().isOk().expectBody(Map.class)
                    .returnResult().getResponseBody();
            return ((Map<?, ?>) ((Map<?, ?>) body.get("totals")).get("csat")).get("responses").equals(1)
                    && body.get("openLoad").equals(1);
        });
    }

    @Test
    void anAgentReadsTheirOwnFiguresInMilliseconds() {
        http.get().uri("/api/agents/a-1/metrics?from=2026-05-01&to=2026-05-31").headers(tokens.as("agent:a-1"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.agentId").isEqualTo("a-1")
                .jsonPath("$.name").isEqualTo("Ada")
                .jsonPath("$.zone").isEqualTo("UTC")
                .jsonPath("$.totals.queueTime.mean").isEqualTo(30_000.0)
                .jsonPath("$.totals.firstResponseTime.median").isEqualTo(12_000.0)
                .jsonPath("$.totals.replyTime.count").isEqualTo(1)
                .jsonPath("$.totals.replyTime.p90").isEqualTo(12_000)
                .jsonPath("$.totals.resolutionTime.total").isEqualTo(100_000)
                .jsonPath("$.totals.handleTime.total").isEqualTo(70_000)
                .jsonPath("$.totals.csat.score").isEqualTo(100.0)
                .jsonPath("$.totals.conversationsClosed").isEqualTo(1)
                .jsonPath("$.totals.messagesSent").isEqualTo(1)
                .jsonPath("$.openLoad").isEqualTo(1)
                .jsonPath("$.days.length()").isEqualTo(1)
                .jsonPath("$.days[0].day").isEqualTo("2026-05-04");
    }

    @Test
    void supervisorsSeeTheLeaderboardAndConversationMetrics() {
        http.get().uri("/api/metrics/agents?from=2026-05-04&to=2026-05-04").headers(tokens.as("supervisor:s-1"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.agents[0].agentId").isEqualTo("a-1")
                .jsonPath("$.agents[0].figures.conversationsAssigned").isEqualTo(1);
        http.get().uri("/api/metrics/conversations/{id}", ID).headers(tokens.as("supervisor:s-1"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.totals.resolutionTime.mean").isEqualTo(100_000.0)
                .jsonPath("$.agents['a-1'].replyTime.count").isEqualTo(1)
                .jsonPath("$.facts[?(@.kind == 'QUEUE')].valueMs").isEqualTo(30_000);
    }

    @Test
    void supervisorsSeeTheTeamsFiguresPerDay() {
        http.get().uri("/api/metrics/team?from=2026-05-03&to=2026-05-05").headers(tokens.as("supervisor:s-1"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.from").isEqualTo("2026-05-03")
                .jsonPath("$.totals.firstResponseTime.median").isEqualTo(12_000.0)
                .jsonPath("$.totals.resolutionTime.total").isEqualTo(100_000)
                .jsonPath("$.totals.csat.score").isEqualTo(100.0)
                .jsonPath("$.days.length()").isEqualTo(1)
                .jsonPath("$.days[0].day").isEqualTo("2026-05-04")
                .jsonPath("$.days[0].figures.handleTime.total").isEqualTo(70_000);
    }

    /** The facts behind the figures, for BI tools: the same facts the conversation's metrics are made of. */
    @Test
    void supervisorsExportTheFactsOfARangeAsNdjsonOrCsv() {
        List<Map<String, Object>> lines = http.get().uri("/api/metrics/facts?from=2026-05-04&to=2026-05-04")
                .headers(tokens.as("supervisor:s-1")).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .returnResult(new ParameterizedTypeReference<Map<String, Object>>() {
                }).getResponseBody().collectList().block(Duration.ofSeconds(30));
        assertThat(lines).allSatisfy(fact -> assertThat(fact).containsEntry("day", "2026-05-04"))
                .anySatisfy(fact -> assertThat(fact).containsEntry("kind", "QUEUE").containsEntry("agentId", "a-1")
                        .containsEntry("agentName", "Ada").containsEntry("conversationId", ID).containsEntry("valueMs", 30_000)
                        .containsEntry("at", "2026-05-04T08:00:30Z"))
                .anySatisfy(fact -> assertThat(fact).containsEntry("kind", "RATING").containsEntry("score", 4)
                        .doesNotContainKey("valueMs"))
                .noneSatisfy(fact -> assertThat(fact).containsEntry("conversationId", HELD));

        String csv = http.get().uri("/api/metrics/facts?from=2026-05-04&to=2026-05-04&format=csv")
                .headers(tokens.as("supervisor:s-1")).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv")
                .expectHeader().valueMatches("Content-Disposition",
                        "attachment; filename=\"metric-facts-2026-05-04-2026-05-04.csv\"")
                .expectBody(String.class).returnResult().getResponseBody();
        List<String> rows = csv.lines().toList();
        assertThat(rows.get(0)).isEqualTo("kind,agentId,agentName,conversationId,day,at,valueMs,score");
        assertThat(rows).hasSize(lines.size() + 1)
                .contains("QUEUE,a-1,Ada," + ID + ",2026-05-04,2026-05-04T08:00:30Z,30000,")
                .contains("RATING,a-1,Ada," + ID + ",2026-05-04,2026-05-04T08:01:50Z,,4");
    }

    @Test
    void refusals() {
        expectProblem(http.get().uri("/api/agents/a-1/metrics?from=2026-05-01&to=2026-05-31").exchange(), 401,
                "authentication-required");
        expectProblem(http.get().uri("/api/agents/a-1/metrics?from=2026-05-01&to=2026-05-31")
                .headers(tokens.as("agent:a-2")).exchange(), 403, "metrics-supervisors-or-self");
        expectProblem(http.get().uri("/api/agents/a-1/metrics?from=2026-05-01&to=2026-05-31")
                .headers(tokens.as("visitor:v-1")).exchange(), 403, "metrics-supervisors-or-self");
        expectProblem(http.get().uri("/api/metrics/agents?from=2026-05-01&to=2026-05-31")
                .headers(tokens.as("agent:a-1")).exchange(), 403, "supervisors-only");
        expectProblem(http.get().uri("/api/metrics/team?from=2026-05-01&to=2026-05-31")
                .headers(tokens.as("agent:a-1")).exchange(), 403, "supervisors-only");
        expectProblem(http.get().uri("/api/metrics/team?from=2026-05-31&to=2026-05-01")
                .headers(tokens.as("supervisor:s-1")).exchange(), 400, "time-range");
        expectProblem(http.get().uri("/api/metrics/conversations/{id}", ID).headers(tokens.as("auditor:x"))
                .exchange(), 403, "supervisors-only");
        expectProblem(http.get().uri("/api/metrics/conversations/nope").headers(tokens.as("supervisor:s-1"))
                .exchange(), 404, "conversation-not-found");
        expectProblem(http.get().uri("/api/agents/a-1/metrics?from=May&to=2026-05-31")
                .headers(tokens.as("agent:a-1")).exchange(), 400, "time-range");
        expectProblem(http.get().uri("/api/metrics/agents?from=2026-05-31&to=2026-05-01")
                .headers(tokens.as("supervisor:s-1")).exchange(), 400, "time-range");
        expectProblem(http.get().uri("/api/metrics/agents?from=2025-01-01&to=2026-05-01")
                .headers(tokens.as("supervisor:s-1")).exchange(), 400, "time-range");
        expectProblem(http.get().uri("/api/metrics/agents?from=2026-05-01")
                .headers(tokens.as("supervisor:s-1")).exchange(), 400, "malformed-request");
        expectProblem(http.get().uri("/api/metrics/facts?from=2026-05-01&to=2026-05-31&format=csv")
                .headers(tokens.as("agent:a-1")).exchange(), 403, "supervisors-only");
        expectProblem(http.get().uri("/api/metrics/facts?from=2026-05-01&to=2026-05-31")
                .headers(tokens.as("auditor:x")).exchange(), 403, "supervisors-only");
        expectProblem(http.get().uri("/api/metrics/facts?from=2026-05-01&to=2026-05-31&format=xlsx")
                .headers(tokens.as("supervisor:s-1")).exchange(), 400, "export-format");
        expectProblem(http.get().uri("/api/metrics/facts?from=2026-05-31&to=2026-05-01&format=csv")
                .headers(tokens.as("supervisor:s-1")).exchange(), 400, "time-range");
    }
}
