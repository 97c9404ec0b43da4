package livechat.query.metrics;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static livechat.query.metrics.MetricsCollections.AGENTS;
import static livechat.query.metrics.MetricsCollections.CONVERSATIONS;
import static livechat.query.metrics.MetricsCollections.FACTS;

/**
 * Answers metrics queries without blocking. Figures are computed here from the facts, because medians and
 * percentiles are not something every MongoDB (nor the embedded one) computes.
 */
public final class AgentMetricsQueries {

    private final MetricsCollections collections;
    private final ZoneId zone;

    public AgentMetricsQueries(MetricsCollections collections, ZoneId zone) {
        this.collections = collections;
        this.zone = zone;
    }

    public Mono<AgentMetrics> handle(FindAgentMetrics query) {
        Mono<List<MetricFact>> facts = facts(Filters.and(Filters.eq("agentId", query.agentId()),
                inDays(query.from(), query.to()))).collectList();
        Mono<String> name = Mono.from(collections.reader(AGENTS).find(Filters.eq("_id", query.agentId())).first())
                .mapNotNull(agent -> agent.getString("name")).defaultIfEmpty("");
        return Mono.zip(facts, name, openLoads(query.agentId())).map(all -> {
            List<MetricFact> counted = all.getT1().stream().filter(Figures.counted()).toList();
            return new AgentMetrics(query.agentId(), all.getT2().isEmpty() ? null : all.getT2(), query.from(),
                    query.to(), zone.getId(), Figures.of(counted), days(counted),
                    all.getT3().getOrDefault(query.agentId(), 0L));
        });
    }

    public Mono<TeamMetrics> handle(FindTeamMetrics query) {
        return facts(inDays(query.from(), query.to())).filter(Figures.counted()).collectList()
                .map(counted -> new TeamMetrics(query.from(), query.to(), zone.getId(), Figures.of(counted),
                        days(counted)));
    }

    /** The figures of each day with any of the facts, in order. */
    private static List<AgentMetrics.Day> days(List<MetricFact> counted) {
        return counted.stream()
                .collect(Collectors.groupingBy(fact -> LocalDate.parse(fact.day()), TreeMap::new, Collectors.toList()))
                .entrySet().stream().map(day -> new AgentMetrics.Day(day.getKey(), Figures.of(day.getValue())))
                .toList();
    }

    public Mono<AgentLeaderboard> handle(FindAgentLeaderboard query) {
        Mono<Map<String, List<MetricFact>>> facts = facts(Filters.and(Filters.ne("agentId", null),
                inDays(query.from(), query.to())))
                .filter(Figures.counted())
                .collect(Collectors.groupingBy(MetricFact::agentId));
        // An agent's document without a name only lists facts waiting for one.
        Mono<Map<String, String>> names = Flux.from(collections.reader(AGENTS).find(Filters.ne("name", null)))
                .collectMap(agent -> agent.getString("_id"), agent -> agent.getString("name"));
        return Mono.zip(facts, names, openLoads(null)).map(all -> {
            TreeSet<String> agents = new TreeSet<>(all.getT1().keySet());
            agents.addAll(all.getT2().keySet());
            List<AgentLeaderboard.Row> rows = agents.stream()
                    .map(agent -> new AgentLeaderboard.Row(agent, all.getT2().get(agent),
                            Figures.of(all.getT1().getOrDefault(agent, List.of())),
                            all.getT3().getOrDefault(agent, 0L)))
                    .sorted(Comparator.comparingInt((AgentLeaderboard.Row row) -> row.figures().conversationsClosed())
                            .reversed()
                            .thenComparing(row -> row.figures().csat().score(),
                                    Comparator.nullsLast(Comparator.reverseOrder()))
                            .thenComparing(AgentLeaderboard.Row::agentId))
                    .toList();
            return new AgentLeaderboard(query.from(), query.to(), zone.getId(), rows);
        });
    }

    /** The conversation's metrics, or empty if the metrics have not seen it. */
    public Mono<ConversationMetrics> handle(FindConversationMetrics query) {
        Mono<Document> known = Mono.from(collections.reader(CONVERSATIONS)
                .find(Filters.eq("_id", query.conversationId())).first());
        return known.flatMap(conversation -> facts(Filters.eq("conversationId", query.conversationId()))
                .filter(Figures.counted())
                .sort(Comparator.comparing(MetricFact::at))
                .collectList()
                .map(facts -> new ConversationMetrics(query.conversationId(), Figures.of(facts),
                        facts.stream().filter(fact -> fact.agentId() != null)
                                .collect(Collectors.groupingBy(MetricFact::agentId, TreeMap::new,
                                        Collectors.collectingAndThen(Collectors.toList(), Figures::of))),
                        facts)));
    }

    /**
     * Streamed as they are read: a range may hold more facts than are worth holding in memory. Each carries its
     * agent's registered name, joined here from the agents (few) rather than stored with the fact, which a
     * projection of conversation events cannot do in a replayable way.
     */
    public Flux<MetricFact> handle(FindMetricFacts query) {
        return facts(inDays(query.from(), query.to()));
    }

    /** Reserved minus released seats, per agent ({@code agentId} null: every agent). */
    private Mono<Map<String, Long>> openLoads(String agentId) {
        Bson seats = Filters.in("kind", MetricKind.RESERVED.name(), MetricKind.RELEASED.name());
        Bson match = agentId == null ? seats : Filters.and(Filters.eq("agentId", agentId), seats);
        return Flux.from(collections.reader(FACTS).aggregate(List.of(Aggregates.match(match),
                        Aggregates.group(new Document("agentId", "$agentId").append("kind", "$kind"),
                                Accumulators.sum("n", 1)))))
                .collect(HashMap::new, (loads, group) -> {
                    Document key = group.get("_id", Document.class);
                    long n = group.get("n", Number.class).longValue();
                    loads.merge(key.getString("agentId"),
                            MetricKind.RESERVED.name().equals(key.getString("kind")) ? n : -n, Long::sum);
                });
    }

    private static Bson inDays(LocalDate from, LocalDate to) {
        return Filters.and(Filters.gte("day", from.toString()), Filters.lte("day", to.toString()));
    }

    private Flux<MetricFact> facts(Bson filter) {
        return Flux.from(collections.reader(FACTS).find(filter).sort(Sorts.ascending("at", "_id")))
                .map(AgentMetricsQueries::fact);
    }

    private static MetricFact fact(Document document) {
        Number value = document.get("valueMs", Number.class);
        Number score = document.get("score", Number.class);
        MetricKind kind = MetricKind.valueOf(document.getString("kind"));
        if (kind == MetricKind.RATING && score == null) {
            // Projected before a rating's score had its own field, until the read model is rebuilt.
            score = value;
            value = null;
        }
        return new MetricFact(kind, document.getString("agentId"), document.getString("agentName"),
                document.getString("conversationId"),
                document.getString("day"), document.getDate("at").toInstant(),
                value == null ? null : value.longValue(), score == null ? null : score.intValue());
    }
}
