package livechat.api.http;

import livechat.api.store.StoreWork;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.FindConversation;
import livechat.query.transcript.TranscriptQueries;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;

/**
 * Finds a conversation for a reader and checks the reader may see it. A conversation the event store has but the
 * read model does not show yet (it was started a moment ago) is waited for briefly, so a client can read its own
 * writes.
 */
@Component
class ConversationLookup {

    private static final Duration CATCH_UP_POLL = Duration.ofMillis(25);
    private static final int CATCH_UP_POLLS = 200;

    private final TranscriptQueries queries;
    private final EventStore eventStore;
    private final StoreWork storeWork;

    ConversationLookup(TranscriptQueries queries, EventStore eventStore, StoreWork storeWork) {
        this.queries = queries;
        this.eventStore = eventStore;
        this.storeWork = storeWork;
    }

    Mono<ConversationSummary> readableBy(String conversationId, Actor reader) {
        Mono<ConversationSummary> fromReadModel = queries.handle(new FindConversation(conversationId));
        return fromReadModel
                .switchIfEmpty(Mono.defer(() -> existsInEventStore(conversationId)
                        .flatMap(exists -> exists ? awaitReadModel(fromReadModel) : Mono.empty())))
                .switchIfEmpty(Mono.error(() -> notFound(conversationId)))
                .flatMap(conversation -> reader.is(Role.VISITOR) && !reader.id().equals(conversation.visitorId())
                        ? Mono.error(new ProblemException(HttpStatus.FORBIDDEN, "participants-only",
                        "Visitors can read only their own conversations."))
                        : Mono.just(conversation));
    }

    static ProblemException notFound(String conversationId) {
        return new ProblemException(HttpStatus.NOT_FOUND, "conversation-not-found",
                "There is no conversation " + conversationId + ".");
    }

    private Mono<Boolean> existsInEventStore(String conversationId) {
        return storeWork.run(() -> eventStore.lastSequenceNumberFor(conversationId).isPresent());
    }

    private static Mono<ConversationSummary> awaitReadModel(Mono<ConversationSummary> fromReadModel) {
        return fromReadModel
                .repeatWhenEmpty(CATCH_UP_POLLS, attempts -> attempts.delayElements(CATCH_UP_POLL))
                .onErrorMap(IllegalStateException.class, exhausted -> new ProblemException(
                        HttpStatus.SERVICE_UNAVAILABLE, "read-model-catching-up",
                        "The conversation exists but its read model is still catching up; try again shortly."));
    }
}
