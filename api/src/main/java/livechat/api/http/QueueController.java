package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.query.agents.AgentDirectory;
import livechat.query.agents.FindAgentProfile;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.FindQueue;
import livechat.query.transcript.SearchTranscripts;
import livechat.query.transcript.TranscriptQueries;
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
@Tag(name = "conversations")
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
    @Operation(operationId = "listQueue", summary = "The conversations waiting for an agent, longest first: of the "
            + "agent's skills, or every one for supervisors and auditors")
    @Refuses({ApiRule.STAFF_ONLY, ApiRule.PAGE_BOUNDS, ApiRule.AGENT_NOT_FOUND})
    Mono<Queue> queue(Actor actor, @RequestParam(defaultValue = "100") int limit) {
        Readers.require(actor, ApiRule.STAFF_ONLY.refused("The queue is for agents, supervisors and auditors."),
                Role.AGENT, Role.SUPERVISOR, Role.AUDITOR);
        if (limit < 1 || limit > SearchTranscripts.MAX_LIMIT) {
            throw new ProblemException(ApiRule.PAGE_BOUNDS,
                    "limit is 1 to " + SearchTranscripts.MAX_LIMIT + ".");
        }
        Mono<FindQueue> query = actor.is(Role.AGENT)
                ? agents.handle(new FindAgentProfile(actor.id()))
                .map(profile -> new FindQueue(new HashSet<>(profile.skills()), limit))
                .switchIfEmpty(Mono.error(() -> new ProblemException(ApiRule.AGENT_NOT_FOUND,
                        "There is no agent " + actor.id() + "; a supervisor registers agents.")))
                : Mono.just(new FindQueue(null, limit));
        return query.flatMap(find -> queries.handle(find).collectList()).map(Queue::new);
    }
}
