package livechat.api.http;

import livechat.command.conversation.ConversationCommand.CloseConversation;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.command.conversation.MessageAccepted;
import livechat.events.Actor;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.UUID;

/** The commands visitors, agents and supervisors send to a conversation. */
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

    ConversationController(Commands commands) {
        this.commands = commands;
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
}
