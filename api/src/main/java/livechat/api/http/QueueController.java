package livechat.api.http;

import livechat.events.Actor;
import livechat.events.Role;
import livechat.query.agents.AgentDirectory;
import livechat.query.agents.FindAgentProfile;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.FindQueue;
import livechat.query.transcript.SearchTranscripts;
import livechat.query.transcript.TranscriptQueries;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.HashSet;
import java.util.List;

/**
 * The queue: conversations waiting for an agent, longest waiting first. An agent sees those their skills can take
 * (and those asking for no skill), supervisors and auditors every waiting one.
 */
@RestController
class QueueController {

    record Queue(List<ConversationSummary> conversations) {
    }

    private final TranscriptQueries queries;
    private final AgentDirectory agents;

    QueueController(TranscriptQueries queries, AgentDirectory agents) {
        this.queries = queries;
        this.agents = agents;
    }

    @GetMapping("/api/queue")
    Mono<Queue> queue(Actor actor, @RequestParam(defaultValue = "100") int limit) {
        Readers.require(actor, "staff-only", "The queue is for agents, supervisors and auditors.",
                Role.AGENT, Role.SUPERVISOR, Role.AUDITOR);
        if (limit < 1 || limit > SearchTranscripts.MAX_LIMIT) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "page-bounds",
                    "limit is 1 to " + SearchTranscripts.MAX_LIMIT + ".");
        }
        Mono<FindQueue> query = actor.is(Role.AGENT)
                ? agents.handle(new FindAgentProfile(actor.id()))
                .map(profile -> new FindQueue(new HashSet<>(profile.skills()), limit))
                .switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.NOT_FOUND, "agent-not-found",
                        "There is no agent " + actor.id() + "; a supervisor registers agents.")))
                : Mono.just(new FindQueue(null, limit));
        return query.flatMap(find -> queries.handle(find).collectList()).map(Queue::new);
    }
}
