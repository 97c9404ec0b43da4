package livechat.api.http;

import livechat.command.conversation.ConversationCommand.CloseConversation;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.command.conversation.MessageAccepted;
import livechat.events.Actor;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.FindTranscript;
import livechat.query.transcript.Transcript;
import livechat.query.transcript.TranscriptQueries;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.UUID;

/** Conversations: the commands a visitor or agent sends, and the reads of one conversation. */
@RestController
@RequestMapping("/api/conversations")
class ConversationController {

    record StartConversationRequest(String topic, String skill) {
    }

    record SendMessageRequest(String clientMessageId, String text, Boolean internal) {
    }

    record CloseRequest(String reason) {
    }

    record Started(String conversationId) {
    }

    record Sent(String messageId, long sequence) {
    }

    record Closed(String conversationId, String status) {
    }

    private final Commands commands;
    private final ConversationLookup lookup;
    private final TranscriptQueries queries;

    ConversationController(Commands commands, ConversationLookup lookup, TranscriptQueries queries) {
        this.commands = commands;
        this.lookup = lookup;
        this.queries = queries;
    }

    @PostMapping
    Mono<ResponseEntity<Started>> start(Actor actor, @RequestBody StartConversationRequest request) {
        String conversationId = UUID.randomUUID().toString();
        return commands.send(new StartConversation(conversationId, actor, request.topic(), request.skill()), actor)
                .thenReturn(ResponseEntity.created(URI.create("/api/conversations/" + conversationId))
                        .body(new Started(conversationId)));
    }

    @PostMapping("/{conversationId}/messages")
    Mono<ResponseEntity<Sent>> send(Actor actor, @PathVariable String conversationId,
                                    @RequestBody SendMessageRequest request) {
        SendMessage command = new SendMessage(conversationId, actor, request.clientMessageId(),
                UUID.randomUUID().toString(), request.text(), Boolean.TRUE.equals(request.internal()));
        return commands.<MessageAccepted>send(command, actor)
                .onErrorMap(AggregateNotFoundException.class, e -> ConversationLookup.notFound(conversationId))
                .map(accepted -> ResponseEntity.status(accepted.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
                        .body(new Sent(accepted.messageId(), accepted.sequence())));
    }

    @PostMapping("/{conversationId}/close")
    Mono<Closed> close(Actor actor, @PathVariable String conversationId,
                       @RequestBody(required = false) CloseRequest request) {
        String reason = request == null ? null : request.reason();
        return commands.send(new CloseConversation(conversationId, actor, reason), actor)
                .onErrorMap(AggregateNotFoundException.class, e -> ConversationLookup.notFound(conversationId))
                .thenReturn(new Closed(conversationId, "CLOSED"));
    }

    @GetMapping("/{conversationId}")
    Mono<ConversationSummary> conversation(Actor actor, @PathVariable String conversationId) {
        return lookup.readableBy(conversationId, actor);
    }

    @GetMapping("/{conversationId}/transcript")
    Mono<Transcript> transcript(Actor actor, @PathVariable String conversationId,
                                @RequestParam(defaultValue = "-1") long after,
                                @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > FindTranscript.MAX_LIMIT || after < -1) {
            return Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "page-bounds",
                    "limit is 1 to " + FindTranscript.MAX_LIMIT + " and after is -1 or a sequence number."));
        }
        return lookup.readableBy(conversationId, actor).flatMap(conversation -> queries.handle(
                new FindTranscript(conversationId, actor.role(), after, limit)));
    }
}
