package livechat.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import livechat.api.http.ApiRule;
import livechat.api.http.ProblemException;
import livechat.api.store.ProjectionCatchUp;
import livechat.api.store.StoreWork;
import livechat.events.Actor;
import livechat.query.agents.AgentDirectory;
import livechat.query.agents.FindAgentProfile;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.FindConversation;
import livechat.query.transcript.TranscriptProjection;
import livechat.query.transcript.TranscriptQueries;
import org.axonframework.eventsourcing.eventstore.EventStore;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Who may see and change which conversation: the one place that decides it, called by every controller and stream
 * before anything else, so no other rule can answer first and tell a stranger something about the conversation.
 * <ul>
 *     <li>a visitor: their own conversations;</li>
 *     <li>an agent: the conversations they hold or held, and the summary of a waiting one their skills can take
 *     (a command on that one reaches the conversation's own rules, which refuse it);</li>
 *     <li>a supervisor: every conversation;</li>
 *     <li>an auditor: reads every conversation and changes none (403);</li>
 *     <li>anyone else (admin, ops): none (403).</li>
 * </ul>
 * Another party's conversation is answered exactly as one that does not exist: 404 {@code conversation-not-found}.
 * A conversation started a moment ago that the read model does not show yet is waited for (up to 5 s), and so is
 * the transcript projection before an agent is refused, so a refusal never rests on a read model that is behind.
 */
public final class ConversationAccess {

    private static final Duration CATCH_UP_POLL = Duration.ofMillis(25);
    private static final int CATCH_UP_POLLS = 200;

    private final TranscriptQueries queries;
    private final AgentDirectory agents;
    private final EventStore eventStore;
    private final StoreWork storeWork;
    private final ProjectionCatchUp catchUp;
    /**
     * Conversation and actor pairs already let in. Once true it stays true: a conversation's visitor never changes
     * and the agents it ever had only grow, so the hot path (a participant sending) skips the read model.
     */
    private final Cache<String, Boolean> admitted = Caffeine.newBuilder().maximumSize(100_000).build();

    public ConversationAccess(TranscriptQueries queries, AgentDirectory agents, EventStore eventStore,
                              StoreWork storeWork, ProjectionCatchUp catchUp) {
        this.queries = queries;
        this.agents = agents;
        this.eventStore = eventStore;
        this.storeWork = storeWork;
        this.catchUp = catchUp;
    }

    /** The conversation, if {@code actor} may read it (its transcript, stream, export; typing in it). */
    public Mono<ConversationSummary> toRead(String conversationId, Actor actor) {
        return readable(conversationId, actor, false);
    }

    /** The conversation's summary, if {@code actor} may see it: also a waiting one an agent's skills can take. */
    public Mono<ConversationSummary> toSummarize(String conversationId, Actor actor) {
        return readable(conversationId, actor, true);
    }

    /**
     * Completes if {@code actor} may send commands to the conversation (which may still refuse them by its own
     * rules); errors with 404 for another party's conversation and 403 for a role that changes none.
     */
    public Mono<Void> toChange(String conversationId, Actor actor) {
        return switch (actor.role()) {
            // Whether it exists is the command's to find out: supervisors act on every conversation.
            case SUPERVISOR -> Mono.empty();
            case VISITOR, AGENT -> admitted.getIfPresent(key(conversationId, actor)) != null ? Mono.empty()
                    // An agent who may see the waiting conversation learns nothing new from its rules' refusal.
                    : readable(conversationId, actor, true).then();
            case AUDITOR -> Mono.error(new ProblemException(ApiRule.FORBIDDEN,
                    "Auditors read conversations; they change nothing."));
            default -> Mono.error(noConversations(actor));
        };
    }

    public static ProblemException notFound(String conversationId) {
        return new ProblemException(ApiRule.CONVERSATION_NOT_FOUND,
                "There is no conversation " + conversationId + ".");
    }

    private Mono<ConversationSummary> readable(String conversationId, Actor actor, boolean summaryOnly) {
        return switch (actor.role()) {
            case SUPERVISOR, AUDITOR -> existing(conversationId);
            case VISITOR -> find(conversationId).filter(conversation -> actor.id().equals(conversation.visitorId()))
                    .doOnNext(conversation -> admit(conversationId, actor))
                    .switchIfEmpty(Mono.error(() -> notFound(conversationId)));
            case AGENT -> find(conversationId)
                    .filterWhen(conversation -> agentMay(conversation, actor, summaryOnly))
                    // The transcript projection may not show an assignment the agent has already been told of.
                    .switchIfEmpty(Mono.defer(() -> catchUp.await(TranscriptProjection.PROCESSING_GROUP)
                            .then(find(conversationId))
                            .filterWhen(conversation -> agentMay(conversation, actor, summaryOnly))))
                    .switchIfEmpty(Mono.error(() -> notFound(conversationId)));
            default -> Mono.error(noConversations(actor));
        };
    }

    private Mono<Boolean> agentMay(ConversationSummary conversation, Actor agent, boolean summaryOnly) {
        if (conversation.agents().contains(agent.id())) {
            admit(conversation.conversationId(), agent);
            return Mono.just(true);
        }
        boolean waiting = "OPEN".equals(conversation.status()) && conversation.assignedAgentId() == null;
        if (!summaryOnly || !waiting) {
            return Mono.just(false);
        }
        return conversation.requiredSkill() == null || conversation.requiredSkill().isBlank() ? Mono.just(true)
                : agents.handle(new FindAgentProfile(agent.id()))
                .map(profile -> profile.skills().contains(conversation.requiredSkill()))
                .defaultIfEmpty(false);
    }

    private void admit(String conversationId, Actor actor) {
        admitted.put(key(conversationId, actor), Boolean.TRUE);
    }

    private static String key(String conversationId, Actor actor) {
        return conversationId + "|" + actor;
    }

    private static ProblemException noConversations(Actor actor) {
        return new ProblemException(ApiRule.FORBIDDEN,
                "The role " + actor.role().wireName() + " has no access to conversations.");
    }

    /**
     * The conversation from the read model; one the event store has but the read model does not show yet (it was
     * started a moment ago) is waited for briefly; one neither has is empty.
     */
    private Mono<ConversationSummary> find(String conversationId) {
        Mono<ConversationSummary> fromReadModel = queries.handle(new FindConversation(conversationId));
        return fromReadModel
                .switchIfEmpty(Mono.defer(() -> existsInEventStore(conversationId)
                        .flatMap(exists -> exists ? awaitReadModel(fromReadModel) : Mono.empty())));
    }

    /** {@link #find}, with a conversation nobody has answered 404. */
    public Mono<ConversationSummary> existing(String conversationId) {
        return find(conversationId).switchIfEmpty(Mono.error(() -> notFound(conversationId)));
    }

    private Mono<Boolean> existsInEventStore(String conversationId) {
        return storeWork.run(() -> eventStore.lastSequenceNumberFor(conversationId).isPresent());
    }

    private static Mono<ConversationSummary> awaitReadModel(Mono<ConversationSummary> fromReadModel) {
        return fromReadModel
                .repeatWhenEmpty(CATCH_UP_POLLS, attempts -> attempts.delayElements(CATCH_UP_POLL))
                .onErrorMap(IllegalStateException.class, exhausted -> ApiRule.READ_MODEL_CATCHING_UP.refused(
                        "The conversation exists but its read model is still catching up; try again shortly."));
    }
}
