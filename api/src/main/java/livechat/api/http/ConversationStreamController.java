package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.ConversationAccess;
import livechat.api.security.StaffStatus;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.query.live.StreamItem;
import livechat.query.staff.StaffMember;
import livechat.query.transcript.ConversationFeed;
import livechat.query.transcript.FollowConversation;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * A conversation's live stream, as Server-Sent Events or NDJSON. A client resumes after a reconnect from the
 * sequence it saw last ({@code Last-Event-ID} or {@code ?after=}) and gets exactly what came after it.
 */
@RestController
@Tag(name = "streams")
class ConversationStreamController {

    /** Keeps idle connections open through proxies that drop silent ones. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** One NDJSON line; {@code sequence} is null for heartbeats and ephemeral signals. */
    record StreamLine(Long sequence, String event, Object data) {
    }

    /** The data of the last item of a stream the server ends because it stops: when to reconnect. */
    record Reconnect(long retryMs) {
    }

    private final ConversationAccess access;
    private final ConversationFeed feed;
    private final StaffStatus staff;
    private final StopGate stopGate;

    ConversationStreamController(ConversationAccess access, ConversationFeed feed, StaffStatus staff,
                                 StopGate stopGate) {
        this.access = access;
        this.feed = feed;
        this.staff = staff;
        this.stopGate = stopGate;
    }

    @GetMapping(path = "/api/conversations/{conversationId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "followConversation", summary = "Follow a conversation live (SSE or NDJSON)",
            description = "One item per event, resuming after `Last-Event-ID` or `after`; a heartbeat every 15 s. "
                    + "A server that stops ends the stream with `reconnect`.")
    @ApiResponse(responseCode = "200", description = "The stream, until the client or the server ends it",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(ref = ApiDocumentation.STREAM_ITEM_REF)))
    @Refuses({ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP, ApiRule.RESUME_POSITION})
    Mono<ResponseEntity<Flux<ServerSentEvent<Object>>>> serverSentEvents(
            Actor actor, @PathVariable String conversationId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) Long after) {
        return follow(actor, conversationId, lastEventId, after).map(items -> ResponseEntity.ok(Flux.merge(
                items.map(ConversationStreamController::serverSentEvent),
                Flux.interval(HEARTBEAT).map(tick -> ServerSentEvent.builder().comment("heartbeat").build()))
                .takeUntilOther(disabled(actor))
                .takeUntilOther(stopGate.stopSignal())
                .concatWith(Mono.fromSupplier(ConversationStreamController::reconnectHint)
                        .filter(hint -> stopGate.isStopping()))));
    }

    @GetMapping(path = "/api/conversations/{conversationId}/stream", produces = MediaType.APPLICATION_NDJSON_VALUE)
    @Operation(operationId = "followConversation", summary = "Follow a conversation live (SSE or NDJSON)",
            description = "One item per event, resuming after `Last-Event-ID` or `after`; a heartbeat every 15 s. "
                    + "A server that stops ends the stream with `reconnect`.")
    @ApiResponse(responseCode = "200", description = "The stream, until the client or the server ends it",
            content = @Content(mediaType = MediaType.APPLICATION_NDJSON_VALUE,
                    schema = @Schema(ref = ApiDocumentation.STREAM_ITEM_REF)))
    @Refuses({ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP, ApiRule.RESUME_POSITION})
    Mono<ResponseEntity<Flux<StreamLine>>> ndjson(Actor actor, @PathVariable String conversationId,
                                  @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                  @RequestParam(required = false) Long after) {
        return follow(actor, conversationId, lastEventId, after).map(items -> ResponseEntity.ok(Flux.merge(
                items.map(item -> new StreamLine(item.sequence(), item.event(), item.data())),
                Flux.interval(HEARTBEAT).map(tick -> new StreamLine(null, "heartbeat", null)))
                .takeUntilOther(disabled(actor))
                .takeUntilOther(stopGate.stopSignal())
                .concatWith(Mono.fromSupplier(() -> new StreamLine(null, "reconnect",
                        new Reconnect(StopGate.RETRY_AFTER.toMillis()))).filter(hint -> stopGate.isStopping()))));
    }

    /**
     * The last item of a stream the server ends because it stops: an EventSource reconnects after {@code retry}
     * with its {@code Last-Event-ID} (to another node, or to this one restarted) and misses nothing.
     */
    private static ServerSentEvent<Object> reconnectHint() {
        return ServerSentEvent.builder().event("reconnect").retry(StopGate.RETRY_AFTER)
                .comment("server stopping; reconnect with Last-Event-ID").build();
    }

    private Mono<Flux<StreamItem>> follow(Actor actor, String conversationId, String lastEventId, Long after) {
        return access.toRead(conversationId, actor).flatMap(conversation -> {
            long resumeAfter;
            try {
                resumeAfter = resumePoint(lastEventId, after);
            } catch (NumberFormatException e) {
                return Mono.error(new ProblemException(ApiRule.RESUME_POSITION,
                        "Last-Event-ID and after are stream sequence numbers (-1 or more)."));
            }
            return Mono.just(feed.handle(new FollowConversation(conversationId, actor.role(), resumeAfter)));
        });
    }

    /**
     * Signals once the staff member's account is disabled: their open streams end within a heartbeat and the staff
     * cache's lifetime (45 s by default), as their tokens stop working; reconnecting then needs a token they can no
     * longer get.
     */
    private Mono<Long> disabled(Actor actor) {
        if (actor.is(Role.VISITOR)) {
            return Mono.never();
        }
        return Flux.interval(HEARTBEAT)
                .filterWhen(tick -> staff.cachedMember(actor.id()).map(StaffMember::disabled).defaultIfEmpty(false))
                .next();
    }

    /** {@code Last-Event-ID} (sent by a reconnecting EventSource) wins over {@code after}; neither means all. */
    private static long resumePoint(String lastEventId, Long after) {
        long position = lastEventId != null && !lastEventId.isBlank() ? Long.parseLong(lastEventId.strip())
                : after != null ? after : -1;
        if (position < -1) {
            throw new NumberFormatException("negative");
        }
        return position;
    }

    private static ServerSentEvent<Object> serverSentEvent(StreamItem item) {
        ServerSentEvent.Builder<Object> event = ServerSentEvent.builder(item.data()).event(item.event());
        return item.sequence() == null ? event.build() : event.id(Long.toString(item.sequence())).build();
    }
}
