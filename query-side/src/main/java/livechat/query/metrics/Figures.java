package livechat.query.metrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The figures of one agent (or one conversation) over some facts. {@code conversationsAssigned}, {@code ...Replied}
 * and {@code ...Closed} count distinct conversations; {@code messagesSent} counts public messages.
 */
public record Figures(Stats firstResponseTime, Stats replyTime, Stats queueTime, Stats resolutionTime,
                      Stats handleTime, Csat csat, int conversationsAssigned, int conversationsReplied,
                      int conversationsClosed, int messagesSent) {

    /** Ratings of 4 or 5 over all ratings, x100; null score when there are none. */
    public record Csat(Double score, int responses) {
    }

    static Figures of(Collection<MetricFact> facts) {
        Map<MetricKind, List<MetricFact>> byKind = facts.stream().collect(Collectors.groupingBy(MetricFact::kind));
        List<Integer> ratings = byKind.getOrDefault(MetricKind.RATING, List.of()).stream().map(MetricFact::score)
                .toList();
        long satisfied = ratings.stream().filter(score -> score >= 4).count();
        return new Figures(stats(byKind, MetricKind.FIRST_RESPONSE), stats(byKind, MetricKind.REPLY),
                stats(byKind, MetricKind.QUEUE), stats(byKind, MetricKind.RESOLUTION),
                stats(byKind, MetricKind.HANDLE),
                new Csat(ratings.isEmpty() ? null : 100.0 * satisfied / ratings.size(), ratings.size()),
                conversations(byKind, MetricKind.ASSIGNED), conversations(byKind, MetricKind.MESSAGE),
                conversations(byKind, MetricKind.CLOSED), byKind.getOrDefault(MetricKind.MESSAGE, List.of()).size());
    }

    static Predicate<MetricFact> counted() {
        return fact -> fact.kind() != MetricKind.RESERVED && fact.kind() != MetricKind.RELEASED;
    }

    private static Stats stats(Map<MetricKind, List<MetricFact>> byKind, MetricKind kind) {
        return Stats.of(values(byKind, kind));
    }

    private static List<Long> values(Map<MetricKind, List<MetricFact>> byKind, MetricKind kind) {
        return byKind.getOrDefault(kind, List.of()).stream().map(MetricFact::valueMs).toList();
    }

    private static int conversations(Map<MetricKind, List<MetricFact>> byKind, MetricKind kind) {
        return (int) byKind.getOrDefault(kind, List.of()).stream().map(MetricFact::conversationId).distinct().count();
    }
}
