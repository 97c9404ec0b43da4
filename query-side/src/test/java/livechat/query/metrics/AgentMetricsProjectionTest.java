package livechat.query.metrics;

import livechat.events.Actor;
import livechat.events.agent.AgentEvent.AgentRegistered;
import livechat.events.agent.AgentEvent.AgentReleased;
import livechat.events.agent.AgentEvent.AgentReserved;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationReopened;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.ConversationTransferred;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.query.projection.ProjectionDriver;
import livechat.query.projection.TestMongo;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static livechat.query.metrics.MetricsCollections.AGENTS;
import static livechat.query.metrics.MetricsCollections.CONVERSATIONS;
import static livechat.query.metrics.MetricsCollections.FACTS;
import static livechat.query.projection.ProjectionDriver.event;
import static livechat.query.projection.TestMongo.all;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each metric definition of docs/read-models.md against a scripted conversation whose expected values are worked out by hand
 * in the comments: a queue wait, a transfer while the visitor waits, a reopen, and two rated periods.
 */
class AgentMetricsProjectionTest {

    private static final String ID = "c-1";
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-24");
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor A1 = Actor.parse("agent:a-1");
    private static final Actor A2 = Actor.parse("agent:a-2");
    private static final Actor ROUTING = Actor.system("routing");

    /** Seconds after T0 in the comments; reply and first-response values are (reply - waitingSince). */
    private final List<DomainEventMessage<?>> script = List.of(
            at(0, 0, new ConversationStarted(ID, "v-1", "Refund", null)),
            at(1, 0, new ConversationQueued(ID, null, "started")),
            // queue time a-1: 60 - 0 = 60 s
            at(2, 60, new AgentAssigned(ID, "a-1", "r-1", ROUTING)),
            // waitingSince = 70; the second visitor message does not move it
            at(3, 70, visitor(3)),
            at(4, 75, visitor(4)),
            // an internal note is no reply
            at(5, 100, new MessageSent(ID, "m-5", "cm-5", A1, "note", true)),
            // reply a-1: 130 - 70 = 60 s, also the first response of period 1
            at(6, 130, agent(6, A1)),
            // nobody waits: a message, not a reply
            at(7, 140, agent(7, A1)),
            // waitingSince = 200
            at(8, 200, visitor(8)),
            // handle a-1: 230 - 60 = 170 s; the visitor still waits
            at(9, 230, new ConversationTransferred(ID, "a-1", "a-2", "r-2", "shift end", A1)),
            // reply credited to a-2, who replied: 290 - 200 = 90 s; not a first response (a-1 answered in period)
            at(10, 290, agent(10, A2)),
            at(11, 300, visitor(11)),
            // reply a-2: 320 - 300 = 20 s
            at(12, 320, agent(12, A2)),
            // resolution a-2: 400 - 0 = 400 s; handle a-2: 400 - 230 = 170 s
            at(13, 400, new ConversationClosed(ID, A2, "solved", "a-2")),
            // period 1 rated 5, credited to a-2
            at(14, 500, new ConversationRated(ID, 5, "great", "a-2")),
            // period 2 starts at 1000
            at(15, 1000, new ConversationReopened(ID, VISITOR, "again")),
            at(16, 1000, new ConversationQueued(ID, null, "reopened")),
            // waitingSince = 1100
            at(17, 1100, visitor(17)),
            // queue time a-1: 1300 - 1000 = 300 s (from the reopen, not the creation)
            at(18, 1300, new AgentAssigned(ID, "a-1", "r-3", ROUTING)),
            // reply and first response of period 2, a-1: 1400 - 1100 = 300 s
            at(19, 1400, agent(19, A1)),
            // resolution a-1: 1500 - 1000 = 500 s; handle a-1: 1500 - 1300 = 200 s
            at(20, 1500, new ConversationClosed(ID, VISITOR, "solved", "a-1")),
            // period 2 rated 3, credited to a-1
            at(21, 1600, new ConversationRated(ID, 3, "meh", "a-1")));

    private final List<DomainEventMessage<?>> seats = List.of(
            event("a-1", 0, new AgentRegistered("a-1", "Ada", Set.of("billing"), 3, Actor.parse("supervisor:s-1")), T0),
            event("a-1", 1, new AgentReserved("a-1", ID, "r-1"), T0.plusSeconds(60)),
            event("a-1", 2, new AgentReserved("a-1", "c-2", "r-9"), T0.plusSeconds(61)),
            event("a-1", 3, new AgentReleased("a-1", ID, "transferred"), T0.plusSeconds(230)),
            event("a-2", 0, new AgentReserved("a-2", ID, "r-2"), T0.plusSeconds(230)),
            event("a-2", 1, new AgentReleased("a-2", ID, "closed"), T0.plusSeconds(400)));

    private TestMongo mongo;
    private MetricsCollections collections;
    private AgentMetricsQueries queries;
    private ProjectionDriver projection;

    private static DomainEventMessage<?> at(long sequence, long second, Object payload) {
        return event(ID, sequence, payload, T0.plusSeconds(second));
    }

    private static MessageSent visitor(long n) {
        return new MessageSent(ID, "m-" + n, "cm-" + n, VISITOR, "question " + n, false);
    }

    private static MessageSent agent(long n, Actor author) {
        return new MessageSent(ID, "m-" + n, "cm-" + n, author, "answer " + n, false);
    }

    private static Stats stats(long... seconds) {
        return Stats.of(java.util.Arrays.stream(seconds).map(s -> s * 1000).boxed().toList());
    }

    @BeforeEach
    void setUp() {
        mongo = new TestMongo();
        collections = new MetricsCollections(mongo.database());
        collections.ensureIndexes();
        queries = new AgentMetricsQueries(collections, ZoneOffset.UTC);
        projection = new ProjectionDriver(new AgentMetricsProjection(collections, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private AgentMetrics metrics(String agentId) {
        return queries.handle(new FindAgentMetrics(agentId, DAY, DAY)).block(Duration.ofSeconds(10));
    }

    @Test
    void statsAreHandComputable() {
        assertThat(stats(60, 300)).isEqualTo(new Stats(2, 360_000L, 180_000.0, 180_000.0, 300_000L));
        assertThat(stats(20, 90, 60, 300)).isEqualTo(new Stats(4, 470_000L, 117_500.0, 75_000.0, 300_000L));
        assertThat(stats(5, 1, 3)).isEqualTo(new Stats(3, 9_000L, 3_000.0, 3_000.0, 5_000L));
        assertThat(Stats.of(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)).p90()).isEqualTo(9L);
        assertThat(Stats.of(List.of())).isEqualTo(Stats.NONE);
    }

    @Test
    void firstResponseTimeIsTheFirstReplyOfEachOpenPeriodCreditedToTheReplier() throws Exception {
        projection.deliver(script);
        assertThat(metrics("a-1").totals().firstResponseTime()).isEqualTo(stats(60, 300));
        assertThat(metrics("a-2").totals().firstResponseTime()).isEqualTo(Stats.NONE);
    }

    @Test
    void replyTimeCountsFromWaitingSinceAndGoesToWhoRepliedEvenAfterATransfer() throws Exception {
        projection.deliver(script);
        assertThat(metrics("a-1").totals().replyTime()).isEqualTo(stats(60, 300));
        assertThat(metrics("a-2").totals().replyTime()).isEqualTo(stats(90, 20));
        assertThat(metrics("a-2").totals().replyTime()).isEqualTo(new Stats(2, 110_000L, 55_000.0, 55_000.0, 90_000L));
    }

    @Test
    void queueTimeRunsFromTheStartOrReopenToTheFirstAssignment() throws Exception {
        projection.deliver(script);
        assertThat(metrics("a-1").totals().queueTime()).isEqualTo(stats(60, 300));
        assertThat(metrics("a-2").totals().queueTime()).isEqualTo(Stats.NONE);
    }

    @Test
    void resolutionTimeRunsFromTheStartOfThePeriodNotTheCreation() throws Exception {
        projection.deliver(script);
        assertThat(metrics("a-2").totals().resolutionTime()).isEqualTo(stats(400));
        assertThat(metrics("a-1").totals().resolutionTime()).isEqualTo(stats(500));
    }

    @Test
    void handleTimeIsTheTimeEachAgentHeldTheConversation() throws Exception {
        projection.deliver(script);
        assertThat(metrics("a-1").totals().handleTime()).isEqualTo(stats(170, 200));
        assertThat(metrics("a-2").totals().handleTime()).isEqualTo(stats(170));
    }

    @Test
    void csatIsCreditedToTheAgentAssignedAtTheCloseOfEachRatedPeriod() throws Exception {
        projection.deliver(script);
        assertThat(metrics("a-2").totals().csat()).isEqualTo(new Figures.Csat(100.0, 1));
        assertThat(metrics("a-1").totals().csat()).isEqualTo(new Figures.Csat(0.0, 1));
    }

    @Test
    void aSecondRatingOfTheSamePeriodReplacesTheFirst() throws Exception {
        projection.deliver(script);
        projection.deliver(List.of(at(22, 1700, new ConversationRated(ID, 4, "better now", "a-1"))));
        assertThat(metrics("a-1").totals().csat()).isEqualTo(new Figures.Csat(100.0, 1));
        assertThat(metrics("a-2").totals().csat()).isEqualTo(new Figures.Csat(100.0, 1));
    }

    @Test
    void countsAndOpenLoad() throws Exception {
        projection.deliver(script);
        projection.deliver(seats);

        AgentMetrics a1 = metrics("a-1");
        assertThat(a1.name()).isEqualTo("Ada");
        assertThat(a1.totals().conversationsAssigned()).isEqualTo(1);
        assertThat(a1.totals().conversationsReplied()).isEqualTo(1);
        assertThat(a1.totals().conversationsClosed()).isEqualTo(1);
        assertThat(a1.totals().messagesSent()).isEqualTo(3);
        assertThat(a1.openLoad()).isEqualTo(1);
        AgentMetrics a2 = metrics("a-2");
        assertThat(a2.totals().messagesSent()).isEqualTo(2);
        assertThat(a2.openLoad()).isZero();
        assertThat(a1.days()).extracting(AgentMetrics.Day::day).containsExactly(DAY);
        assertThat(a1.days().get(0).figures()).isEqualTo(a1.totals());
    }

    @Test
    void theConversationsFiguresCoverEveryPeriodAndAgent() throws Exception {
        projection.deliver(script);

        ConversationMetrics metrics = queries.handle(new FindConversationMetrics(ID)).block(Duration.ofSeconds(10));
        Figures totals = metrics.totals();
        assertThat(totals.firstResponseTime()).isEqualTo(stats(60, 300));
        assertThat(totals.replyTime()).isEqualTo(new Stats(4, 470_000L, 117_500.0, 75_000.0, 300_000L));
        assertThat(totals.queueTime()).isEqualTo(stats(60, 300));
        assertThat(totals.resolutionTime()).isEqualTo(new Stats(2, 900_000L, 450_000.0, 450_000.0, 500_000L));
        assertThat(totals.handleTime()).isEqualTo(new Stats(3, 540_000L, 180_000.0, 170_000.0, 200_000L));
        assertThat(totals.csat()).isEqualTo(new Figures.Csat(50.0, 2));
        assertThat(metrics.agents().keySet()).containsExactly("a-1", "a-2");
        assertThat(metrics.agents().get("a-2")).isEqualTo(metrics("a-2").totals());
        assertThat(queries.handle(new FindConversationMetrics("nope")).blockOptional(Duration.ofSeconds(10)))
                .isEmpty();
    }

    @Test
    void theLeaderboardRanksByConversationsClosedThenCsat() throws Exception {
        projection.deliver(script);
        projection.deliver(seats);

        AgentLeaderboard board = queries.handle(new FindAgentLeaderboard(DAY, DAY)).block(Duration.ofSeconds(10));
        // both closed one conversation; a-2's CSAT (100) beats a-1's (0)
        assertThat(board.agents()).extracting(AgentLeaderboard.Row::agentId).containsExactly("a-2", "a-1");
        assertThat(board.agents().get(1).openLoad()).isEqualTo(1);
        assertThat(board.agents().get(1).name()).isEqualTo("Ada");
        AgentLeaderboard nextDay = queries.handle(new FindAgentLeaderboard(DAY.plusDays(1), DAY.plusDays(1)))
                .block(Duration.ofSeconds(10));
        assertThat(nextDay.agents()).extracting(row -> row.figures().messagesSent()).containsOnly(0);
    }

    @Test
    void theTeamsFiguresAreEveryAgentsFactsTogetherPerDay() throws Exception {
        projection.deliver(script);
        projection.deliver(seats);

        TeamMetrics team = queries.handle(new FindTeamMetrics(DAY, DAY.plusDays(1))).block(Duration.ofSeconds(10));
        assertThat(team.zone()).isEqualTo("Z");
        assertThat(team.totals().firstResponseTime()).isEqualTo(stats(60, 300));
        assertThat(team.totals().resolutionTime()).isEqualTo(stats(400, 500));
        assertThat(team.totals().handleTime()).isEqualTo(stats(170, 200, 170));
        assertThat(team.totals().csat()).isEqualTo(new Figures.Csat(50.0, 2));
        assertThat(team.days()).extracting(AgentMetrics.Day::day).containsExactly(DAY);
        assertThat(team.days().get(0).figures()).isEqualTo(team.totals());
        assertThat(queries.handle(new FindTeamMetrics(DAY.plusDays(1), DAY.plusDays(1))).block(Duration.ofSeconds(10))
                .days()).isEmpty();
    }

    @Test
    void daysFollowTheConfiguredZone() throws Exception {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        projection = new ProjectionDriver(new AgentMetricsProjection(collections, berlin));
        Instant lateEvening = Instant.parse("2026-11-24T22:50:00Z");
        projection.deliver(List.of(
                event("c-9", 0, new ConversationStarted("c-9", "v-9", "Late", null), lateEvening),
                event("c-9", 1, new AgentAssigned("c-9", "a-9", "r", ROUTING), lateEvening),
                event("c-9", 2, new MessageSent("c-9", "m", "cm", VISITOR, "hi", false), lateEvening),
                // 23:20 UTC is already the 25th in Berlin
                event("c-9", 3, new MessageSent("c-9", "n", "cn", Actor.parse("agent:a-9"), "hello", false),
                        lateEvening.plusSeconds(1800))));

        AgentMetrics metrics = new AgentMetricsQueries(collections, berlin)
                .handle(new FindAgentMetrics("a-9", DAY, DAY.plusDays(1))).block(Duration.ofSeconds(10));
        assertThat(metrics.zone()).isEqualTo("Europe/Berlin");
        assertThat(metrics.days()).extracting(AgentMetrics.Day::day).containsExactly(DAY, DAY.plusDays(1));
        assertThat(metrics.days().get(1).figures().replyTime()).isEqualTo(stats(1800));
        assertThat(metrics.days().get(0).figures().queueTime()).isEqualTo(stats(0));
    }

    @Test
    void factsCarryTheNameTheirAgentWasRegisteredWith() throws Exception {
        projection.deliver(seats.subList(0, 1));
        projection.deliver(script);

        assertNamed(facts());
    }

    /** A JDBC log can hand a registration over after later events of other aggregates; the facts end the same. */
    @Test
    void factsHandledBeforeTheirAgentsRegistrationGetTheNameWithIt() throws Exception {
        projection.deliver(script);
        projection.deliver(seats.subList(0, 1));
        List<MetricFact> inTwoBatches = facts();

        TestMongo fresh = new TestMongo();
        try {
            MetricsCollections oneBatch = new MetricsCollections(fresh.database());
            List<DomainEventMessage<?>> together = new ArrayList<>(script);
            together.add(seats.get(0));
            new ProjectionDriver(new AgentMetricsProjection(oneBatch, ZoneOffset.UTC)).deliver(together);
            assertThat(new AgentMetricsQueries(oneBatch, ZoneOffset.UTC).handle(new FindMetricFacts(DAY, DAY))
                    .collectList().block(Duration.ofSeconds(10))).isEqualTo(inTwoBatches);
        } finally {
            fresh.close();
        }
        assertNamed(inTwoBatches);
    }

    /**
     * Segments and replay lanes project a registration and its agent's facts apart, each with its own view of what
     * is known: whichever reaches the agent's document second names the facts, and nothing is left waiting.
     */
    @Test
    void aRegistrationAndItsFactsProjectedApartNameTheFactsInEitherOrder() throws Exception {
        projection.deliver(script);
        projection.deliver(seats.subList(0, 1));
        List<Document> factsFirst = all(collections.writer(FACTS));
        List<Document> agentsFactsFirst = all(collections.writer(AGENTS));

        TestMongo fresh = new TestMongo();
        try {
            MetricsCollections other = new MetricsCollections(fresh.database());
            new ProjectionDriver(new AgentMetricsProjection(other, ZoneOffset.UTC)).deliver(seats.subList(0, 1));
            new ProjectionDriver(new AgentMetricsProjection(other, ZoneOffset.UTC)).deliver(script);
            assertThat(all(other.writer(FACTS))).isEqualTo(factsFirst);
            assertThat(all(other.writer(AGENTS))).isEqualTo(agentsFactsFirst);
        } finally {
            fresh.close();
        }
        assertThat(factsFirst).filteredOn(fact -> "a-1".equals(fact.getString("agentId"))).isNotEmpty()
                .allSatisfy(fact -> assertThat(fact).containsEntry("agentName", "Ada"));
        assertThat(agentsFactsFirst).filteredOn(agent -> "a-1".equals(agent.getString("_id"))).singleElement()
                .satisfies(agent -> assertThat(agent).doesNotContainKey("unnamedFacts"));
    }

    /**
     * A batch that stopped after its facts were stored without the name, before they were listed on the agent's
     * document and before the conversation's clock was written, is redelivered once the name is known.
     */
    @Test
    void aRedeliveredFactStoredWithoutItsNameGetsIt() throws Exception {
        projection.deliver(script);
        collections.writer(AGENTS).deleteMany(new Document());
        collections.writer(CONVERSATIONS).deleteMany(new Document());
        projection.deliver(seats.subList(0, 1));
        assertThat(all(collections.writer(FACTS))).filteredOn(fact -> "a-1".equals(fact.getString("agentId")))
                .isNotEmpty().allSatisfy(fact -> assertThat(fact).doesNotContainKey("agentName"));

        projection.deliver(script);

        assertNamed(facts());
    }

    private List<MetricFact> facts() {
        return queries.handle(new FindMetricFacts(DAY, DAY)).collectList().block(Duration.ofSeconds(10));
    }

    private static void assertNamed(List<MetricFact> facts) {
        assertThat(facts).filteredOn(fact -> "a-1".equals(fact.agentId())).isNotEmpty()
                .allSatisfy(fact -> assertThat(fact.agentName()).isEqualTo("Ada"));
        assertThat(facts).filteredOn(fact -> "a-2".equals(fact.agentId())).as("never registered").isNotEmpty()
                .allSatisfy(fact -> assertThat(fact.agentName()).isNull());
    }

    @Test
    void oneBatchOneByOneAndRedeliveriesGiveTheSameFacts() throws Exception {
        projection.deliver(script);
        projection.deliver(seats);
        List<Document> facts = all(collections.writer(FACTS));
        List<Document> clocks = all(collections.writer(CONVERSATIONS));

        TestMongo fresh = new TestMongo();
        try {
            MetricsCollections oneByOne = new MetricsCollections(fresh.database());
            ProjectionDriver single = new ProjectionDriver(new AgentMetricsProjection(oneByOne, ZoneOffset.UTC));
            for (DomainEventMessage<?> event : script) {
                single.deliver(List.of(event));
            }
            for (DomainEventMessage<?> event : seats) {
                single.deliver(List.of(event));
            }
            assertThat(all(oneByOne.writer(FACTS))).isEqualTo(facts);
            assertThat(all(oneByOne.writer(CONVERSATIONS))).isEqualTo(clocks);
        } finally {
            fresh.close();
        }

        AgentMetrics before = metrics("a-1");
        projection.deliver(script);
        projection.deliver(script.subList(5, 15));
        projection.deliver(script.subList(12, 22));
        projection.deliver(seats);
        assertThat(all(collections.writer(FACTS))).isEqualTo(facts);
        assertThat(all(collections.writer(CONVERSATIONS))).isEqualTo(clocks);
        assertThat(metrics("a-1")).isEqualTo(before);
    }
}
