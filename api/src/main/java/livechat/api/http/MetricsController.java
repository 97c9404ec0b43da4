package livechat.api.http;

import livechat.api.security.ConversationAccess;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.query.metrics.AgentLeaderboard;
import livechat.query.metrics.AgentMetrics;
import livechat.query.metrics.AgentMetricsQueries;
import livechat.query.metrics.ConversationMetrics;
import livechat.query.metrics.FindAgentLeaderboard;
import livechat.query.metrics.FindAgentMetrics;
import livechat.query.metrics.FindConversationMetrics;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.function.BiFunction;

/** Agent metrics for supervisors, and for each agent their own; durations in milliseconds. */
@RestController
class MetricsController {

    private final AgentMetricsQueries queries;

    MetricsController(AgentMetricsQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/agents/{agentId}/metrics")
    Mono<AgentMetrics> agent(Actor actor, @PathVariable String agentId, @RequestParam String from,
                             @RequestParam String to) {
        if (!actor.is(Role.SUPERVISOR) && !(actor.is(Role.AGENT) && actor.id().equals(agentId))) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "metrics-supervisors-or-self",
                    "Agent metrics are for supervisors and for the agent themself.");
        }
        FindAgentMetrics query = range(from, to, (start, end) -> new FindAgentMetrics(agentId, start, end));
        return queries.handle(query);
    }

    @GetMapping("/api/metrics/agents")
    Mono<AgentLeaderboard> leaderboard(Actor actor, @RequestParam String from, @RequestParam String to) {
        Readers.require(actor, "supervisors-only", "The leaderboard is for supervisors.", Role.SUPERVISOR);
        FindAgentLeaderboard query = range(from, to, FindAgentLeaderboard::new);
        return queries.handle(query);
    }

    @GetMapping("/api/metrics/conversations/{conversationId}")
    Mono<ConversationMetrics> conversation(Actor actor, @PathVariable String conversationId) {
        Readers.require(actor, "supervisors-only", "Conversation metrics are for supervisors.", Role.SUPERVISOR);
        return queries.handle(new FindConversationMetrics(conversationId))
                .switchIfEmpty(Mono.error(() -> ConversationAccess.notFound(conversationId)));
    }

    private static <Q> Q range(String from, String to, BiFunction<LocalDate, LocalDate, Q> query) {
        LocalDate start = Readers.day("from", from);
        LocalDate end = Readers.day("to", to);
        try {
            return query.apply(start, end);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "time-range", e.getMessage() + ".");
        }
    }
}
