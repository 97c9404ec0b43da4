package livechat.query.metrics;

import java.util.List;
import java.util.Map;

/**
 * The figures of one conversation over its whole life (every open period), per agent credited, and the facts they
 * come from in time order.
 */
public record ConversationMetrics(String conversationId, Figures totals, Map<String, Figures> agents,
                                  List<MetricFact> facts) {
}
