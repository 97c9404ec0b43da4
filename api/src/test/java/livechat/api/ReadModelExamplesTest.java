package livechat.api;

import com.mongodb.client.MongoDatabase;
import livechat.events.Actor;
import livechat.events.agent.AgentEvent.AgentRegistered;
import livechat.events.agent.AgentEvent.AgentReleased;
import livechat.events.agent.AgentEvent.AgentReserved;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.DisputeResolved;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.query.projection.ReadModelDatabase;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example aggregations of docs/read-models.md, read from that page and run as written through the Java driver
 * against the server's read models: each gives what the API gives for the same question.
 */
@ServerTest
class ReadModelExamplesTest {

    private static final Path PAGE = Path.of("..", "docs", "read-models.md");
    private static final Pattern EXAMPLE = Pattern.compile(
            "```js\\n// ([^\\n(]+?) \\(.*?\\)\\ndb\\.(\\w+)\\.aggregate\\((\\[.*?])\\)\\n```", Pattern.DOTALL);
    /** Two Mondays a week apart, in two ISO weeks. */
    private static final Instant WEEK_1 = Instant.parse("2026-06-01T09:00:00Z");
    private static final Instant WEEK_2 = Instant.parse("2026-06-08T14:00:00Z");

    private static WebTestClient http;
    private static TestTokens tokens;
    private static MongoDatabase readModels;

    /** What one conversation does: its agent answers after {@code replyAfter} seconds, and it is rated {@code score}. */
    private record Chat(String id, String agentId, Instant start, long replyAfter, int score) {
    }

    @BeforeAll
    static void seed(LivechatServer server) throws IOException {
        http = server.client();
        tokens = server.tokens();
        readModels = server.bean(ReadModelDatabase.class).blocking();
        assertThat(EXAMPLE.matcher(Files.readString(PAGE)).results()).as("examples on " + PAGE).hasSize(4);
        EventAppender log = new EventAppender(server.bean(EventStore.class));
        Actor supervisor = Actor.parse("supervisor:s-1");
        log.agent("a-1", "supervisor:s-1", WEEK_1.minusSeconds(3600), new AgentRegistered("a-1", "Ada", Set.of(), 5,
                supervisor));
        log.agent("a-2", "supervisor:s-1", WEEK_1.minusSeconds(3600), new AgentRegistered("a-2", "Grace", Set.of(),
                5, supervisor));
        List<Chat> chats = List.of(new Chat("c-1", "a-1", WEEK_1, 20, 5),
                new Chat("c-2", "a-2", WEEK_1.plusSeconds(600), 90, 2),
                new Chat("c-3", "a-1", WEEK_1.plusSeconds(4_000), 40, 4),
                new Chat("c-4", "a-1", WEEK_2, 30, 3));
        for (Chat chat : chats) {
            converse(log, chat);
        }
        log.conversation("c-1", "visitor:v-c-1", WEEK_2.plusSeconds(600), new DisputeOpened("c-1", "d-1", "rude",
                Actor.parse("visitor:v-c-1")));
        log.conversation("c-1", "supervisor:s-1", WEEK_2.plusSeconds(700), new DisputeResolved("c-1", "d-1",
                "upheld", "apologised", supervisor));
        log.conversation("c-2", "visitor:v-c-2", WEEK_2.plusSeconds(800), new DisputeOpened("c-2", "d-2", "slow",
                Actor.parse("visitor:v-c-2")));
        log.conversation("c-3", "visitor:v-c-3", WEEK_2.plusSeconds(900), new DisputeOpened("c-3", "d-3", "wrong",
                Actor.parse("visitor:v-c-3")));
        log.conversation("c-3", "supervisor:s-1", WEEK_2.plusSeconds(950), new DisputeResolved("c-3", "d-3",
                "rejected", "it was right", supervisor));
        await().atMost(Duration.ofSeconds(60)).until(() -> readModels.getCollection("metric_facts")
                .countDocuments(new Document("kind", "RATING")) == chats.size()
                && readModels.getCollection("audit_disputes").countDocuments(new Document("status", "RESOLVED")) == 2);
    }

    private static void converse(EventAppender log, Chat chat) {
        String visitor = "visitor:v-" + chat.id();
        String agent = "agent:" + chat.agentId();
        Instant at = chat.start();
        log.conversation(chat.id(), visitor, at, new ConversationStarted(chat.id(), "v-" + chat.id(), "Help", null));
        log.agent(chat.agentId(), "system:routing", at.plusSeconds(5), new AgentReserved(chat.agentId(), chat.id(),
                "r-" + chat.id()));
        log.conversation(chat.id(), "system:routing", at.plusSeconds(5), new AgentAssigned(chat.id(),
                chat.agentId(), "r-" + chat.id(), Actor.system("routing")));
        log.conversation(chat.id(), visitor, at.plusSeconds(10), new MessageSent(chat.id(), "m-1-" + chat.id(),
                "cm-1", Actor.parse(visitor), "question", false));
        log.conversation(chat.id(), agent, at.plusSeconds(10 + chat.replyAfter()), new MessageSent(chat.id(),
                "m-2-" + chat.id(), "cm-2", Actor.parse(agent), "answer", false));
        log.conversation(chat.id(), agent, at.plusSeconds(200), new MessageSent(chat.id(), "m-3-" + chat.id(),
                "cm-3", Actor.parse(agent), "anything else?", false));
        log.conversation(chat.id(), visitor, at.plusSeconds(300), new ConversationClosed(chat.id(),
                Actor.parse(visitor), "done", chat.agentId()));
        log.agent(chat.agentId(), "system:routing", at.plusSeconds(300), new AgentReleased(chat.agentId(), chat.id(),
                "closed"));
        log.conversation(chat.id(), visitor, at.plusSeconds(310), new ConversationRated(chat.id(), chat.score(), null,
                chat.agentId()));
    }

    /** The page's example whose comment starts with {@code title}, run as written. */
    private static List<Document> run(String title) throws IOException {
        Matcher example = EXAMPLE.matcher(Files.readString(PAGE));
        while (example.find()) {
            if (example.group(1).equals(title)) {
                List<Document> pipeline = Document.parse("{pipeline: " + example.group(3) + "}")
                        .getList("pipeline", Document.class);
                return readModels.getCollection(example.group(2)).aggregate(pipeline).into(new ArrayList<>());
            }
        }
        throw new AssertionError("no example '" + title + "' on " + PAGE);
    }

    @Test
    void averageFirstResponsePerAgentPerDayIsTheApisMean() throws IOException {
        List<Document> rows = run("average first response per agent per day");
        assertThat(rows).hasSize(3);
        for (Document row : rows) {
            Document key = row.get("_id", Document.class);
            Map<?, ?> figures = dayFigures(key.getString("agentId"), key.getString("day"));
            Map<?, ?> firstResponse = (Map<?, ?>) figures.get("firstResponseTime");
            assertThat(row.get("averageMs", Number.class).doubleValue()).as(key.toJson())
                    .isEqualTo(((Number) firstResponse.get("mean")).doubleValue());
            assertThat(row.getInteger("responses")).isEqualTo(firstResponse.get("count"));
        }
        assertThat(rows.get(0)).containsEntry("averageMs", 30_000.0);
        assertThat(rows.get(0)).containsEntry("agentName", "Ada");
    }

    @Test
    void csatPerWeekIsTheLeaderboardsOverTheWeek() throws IOException {
        List<Document> rows = run("CSAT per ISO week, all agents");
        assertThat(rows).extracting(row -> row.getString("_id")).containsExactly("2026-W23", "2026-W24");
        for (Document row : rows) {
            LocalDate monday = LocalDate.parse(row.getString("_id").substring(0, 4) + "-01-04")
                    .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Long.parseLong(row.getString("_id").substring(6)))
                    .with(java.time.DayOfWeek.MONDAY);
            long ratings = 0;
            double satisfied = 0;
            for (Map<?, ?> agent : leaderboard(monday, monday.plusDays(6))) {
                Map<?, ?> csat = (Map<?, ?>) ((Map<?, ?>) agent.get("figures")).get("csat");
                int responses = ((Number) csat.get("responses")).intValue();
                ratings += responses;
                satisfied += responses == 0 ? 0 : ((Number) csat.get("score")).doubleValue() * responses / 100;
            }
            assertThat(row.getInteger("ratings")).as(row.toJson()).isEqualTo((int) ratings);
            assertThat(row.get("csat", Number.class).doubleValue()).isCloseTo(100 * satisfied / ratings,
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(rows.get(0).get("csat", Number.class).doubleValue()).isCloseTo(200.0 / 3,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void messagesPerHourAddUpToTheDaysMessagesSent() throws IOException {
        List<Document> rows = run("agents' public messages per hour");
        Map<String, Integer> perDay = new TreeMap<>();
        rows.forEach(row -> perDay.merge(row.getString("_id").substring(0, 10), row.getInteger("messages"),
                Integer::sum));
        assertThat(perDay).containsOnlyKeys("2026-06-01", "2026-06-08");
        perDay.forEach((day, messages) -> {
            LocalDate date = LocalDate.parse(day);
            int sent = leaderboard(date, date).stream().mapToInt(agent -> ((Number) ((Map<?, ?>) agent
                    .get("figures")).get("messagesSent")).intValue()).sum();
            assertThat(messages).as(day).isEqualTo(sent);
        });
        assertThat(rows).extracting(row -> row.getString("_id")).containsExactly("2026-06-01T09",
                "2026-06-01T10", "2026-06-08T14");
    }

    @Test
    void disputesByOutcomeAreTheApisDisputesCounted() throws IOException {
        List<Document> rows = run("disputes by outcome, open ones under their status");
        Map<String, Integer> api = new TreeMap<>();
        List<?> disputes = (List<?>) http.get().uri("/api/audits/disputes").headers(tokens.as("supervisor:s-1"))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody()
                .get("disputes");
        disputes.forEach(dispute -> {
            Map<?, ?> fields = (Map<?, ?>) dispute;
            Object outcome = fields.get("outcome");
            api.merge(String.valueOf(outcome == null ? fields.get("status") : outcome), 1, Integer::sum);
        });
        Map<String, Integer> aggregated = new TreeMap<>();
        rows.forEach(row -> aggregated.put(row.getString("_id"), row.getInteger("disputes")));
        assertThat(aggregated).isEqualTo(api).isEqualTo(Map.of("OPEN", 1, "rejected", 1, "upheld", 1));
    }

    private static Map<?, ?> dayFigures(String agentId, String day) {
        Map<?, ?> metrics = http.get().uri("/api/agents/{id}/metrics?from={day}&to={day}", agentId, day, day)
                .headers(tokens.as("supervisor:s-1")).exchange().expectStatus().isOk().expectBody(Map.class)
                .returnResult().getResponseBody();
        return (Map<?, ?>) ((Map<?, ?>) ((List<?>) metrics.get("days")).get(0)).get("figures");
    }

    private static List<Map<?, ?>> leaderboard(LocalDate from, LocalDate to) {
        Map<?, ?> board = http.get().uri("/api/metrics/agents?from={from}&to={to}", from, to)
                .headers(tokens.as("supervisor:s-1")).exchange().expectStatus().isOk().expectBody(Map.class)
                .returnResult().getResponseBody();
        return ((List<?>) board.get("agents")).stream().<Map<?, ?>>map(agent -> (Map<?, ?>) agent).toList();
    }
}
