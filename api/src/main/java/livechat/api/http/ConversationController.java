package livechat.api.http;

import livechat.api.security.ConversationAccess;
import livechat.command.assignment.Assignments;
import livechat.command.canned.CannedResponseCommand.SendCannedResponse;
import livechat.command.conversation.ConversationCommand.AddDisputeEvidence;
import livechat.command.conversation.ConversationCommand.EditMessage;
import livechat.command.conversation.ConversationCommand.MarkSeen;
import livechat.command.conversation.ConversationCommand.OpenDispute;
import livechat.command.conversation.ConversationCommand.RateConversation;
import livechat.command.conversation.ConversationCommand.RedactMessage;
import livechat.command.conversation.ConversationCommand.ReopenConversation;
import livechat.command.conversation.ConversationCommand.ResolveDispute;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.command.conversation.ConversationCommand.TagConversation;
import livechat.command.conversation.ConversationCommand.UntagConversation;
import livechat.command.conversation.MessageAccepted;
import livechat.events.Actor;
import livechat.events.Attachment;
import livechat.events.privacy.DataKeys;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The commands visitors, agents and supervisors send to a conversation. Each first asks {@link ConversationAccess}
 * whether the actor may act on the conversation at all, so no other rule answers a stranger first.
 */
@RestController
@RequestMapping("/api/conversations")
class ConversationController {

    record StartConversationRequest(String topic, String skill) {
    }

    /** Either {@code text} (and/or {@code attachments}) or the key of a {@code cannedResponse}. */
    record SendMessageRequest(String clientMessageId, String text, Boolean internal, List<Attachment> attachments,
                              String cannedResponse) {
    }

    record ReasonRequest(String reason) {
    }

    record AgentRequest(String agentId, String reason) {
    }

    record EditRequest(String text, String reason) {
    }

    record SeenRequest(Long upToSequence) {
    }

    record RatingRequest(Integer score, String comment) {
    }

    record TagRequest(String tag) {
    }

    record DisputeRequest(String reason) {
    }

    record EvidenceRequest(String note) {
    }

    record ResolutionRequest(String outcome, String note) {
    }

    record Started(String conversationId) {
    }

    record Sent(String messageId, long sequence) {
    }

    record Changed(String conversationId, String change) {
    }

    record DisputeOpened(String conversationId, String disputeId) {
    }

    private final Commands commands;
    private final Assignments assignments;
    private final ConversationAccess access;
    private final DataKeys keys;

    ConversationController(Commands commands, Assignments assignments, ConversationAccess access, DataKeys keys) {
        this.commands = commands;
        this.assignments = assignments;
        this.access = access;
        this.keys = keys;
    }

    @PostMapping
    Mono<ResponseEntity<Started>> start(Actor actor, @RequestBody StartConversationRequest request) {
        String conversationId = UUID.randomUUID().toString();
        return commands.send(new StartConversation(conversationId, actor, request.topic(), request.skill()))
                .thenReturn(ResponseEntity.created(URI.create("/api/conversations/" + conversationId))
                        .body(new Started(conversationId)));
    }

    @PostMapping("/{conversationId}/messages")
    Mono<ResponseEntity<Sent>> send(Actor actor, @PathVariable String conversationId,
                                    @RequestBody SendMessageRequest request) {
        return asParty(actor, conversationId, () -> {
            String messageId = UUID.randomUUID().toString();
            Object command;
            if (request.cannedResponse() != null) {
                if (request.text() != null || request.attachments() != null) {
                    return Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "canned-response-alone",
                            "A canned response is sent on its own, without text or attachments."));
                }
                command = new SendCannedResponse(conversationId, actor, request.clientMessageId(), messageId,
                        request.cannedResponse());
            } else {
                command = new SendMessage(conversationId, actor, request.clientMessageId(), messageId, request.text(),
                        Boolean.TRUE.equals(request.internal()), request.attachments(), null);
            }
            return inConversation(conversationId, commands.<MessageAccepted>send(command))
                    .map(accepted -> ResponseEntity.status(accepted.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
                            .body(new Sent(accepted.messageId(), accepted.sequence())));
        });
    }

    @PutMapping("/{conversationId}/messages/{messageId}")
    Mono<Changed> edit(Actor actor, @PathVariable String conversationId, @PathVariable String messageId,
                       @RequestBody EditRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "edited",
                commands.send(new EditMessage(conversationId, actor, messageId, request.text(), request.reason()))));
    }

    @PostMapping("/{conversationId}/messages/{messageId}/redaction")
    Mono<Changed> redact(Actor actor, @PathVariable String conversationId, @PathVariable String messageId,
                         @RequestBody ReasonRequest request) {
        // Once the redaction is in the log, the message's key goes: its text and edits are unreadable from then on
        // (KeyShredding does it again should the server stop in between).
        return asParty(actor, conversationId, () -> changed(conversationId, "redacted",
                commands.send(new RedactMessage(conversationId, actor, messageId, request.reason()))
                        .then(commands.storeWork(() -> keys.destroyMessageKey(conversationId, messageId)))));
    }

    @PostMapping("/{conversationId}/seen")
    Mono<Changed> seen(Actor actor, @PathVariable String conversationId, @RequestBody SeenRequest request) {
        return asParty(actor, conversationId, () -> request.upToSequence() == null
                ? Mono.error(missing("upToSequence"))
                : changed(conversationId, "seen",
                commands.send(new MarkSeen(conversationId, actor, request.upToSequence()))));
    }

    @PostMapping("/{conversationId}/assignment")
    Mono<Changed> assign(Actor actor, @PathVariable String conversationId, @RequestBody AgentRequest request) {
        return asParty(actor, conversationId, () -> request.agentId() == null || request.agentId().isBlank()
                ? Mono.error(missing("agentId"))
                : changed(conversationId, "assigned",
                commands.call(() -> assignments.assign(conversationId, request.agentId(), actor))));
    }

    @PostMapping("/{conversationId}/transfer")
    Mono<Changed> transfer(Actor actor, @PathVariable String conversationId, @RequestBody AgentRequest request) {
        return asParty(actor, conversationId, () -> request.agentId() == null || request.agentId().isBlank()
                ? Mono.error(missing("agentId"))
                : changed(conversationId, "transferred", commands.call(() -> {
            assignments.transfer(conversationId, request.agentId(), request.reason(), actor);
            return true;
        })));
    }

    @PostMapping("/{conversationId}/unassign")
    Mono<Changed> unassign(Actor actor, @PathVariable String conversationId,
                           @RequestBody(required = false) ReasonRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "unassigned", commands.call(() -> {
            assignments.unassign(conversationId, reason(request), actor);
            return true;
        })));
    }

    @PostMapping("/{conversationId}/close")
    Mono<Changed> close(Actor actor, @PathVariable String conversationId,
                        @RequestBody(required = false) ReasonRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "closed", commands.call(() -> {
            assignments.close(conversationId, reason(request), actor);
            return true;
        })));
    }

    @PostMapping("/{conversationId}/reopen")
    Mono<Changed> reopen(Actor actor, @PathVariable String conversationId,
                         @RequestBody(required = false) ReasonRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "reopened",
                commands.send(new ReopenConversation(conversationId, actor, reason(request)))));
    }

    @PostMapping("/{conversationId}/rating")
    Mono<ResponseEntity<Changed>> rate(Actor actor, @PathVariable String conversationId,
                                       @RequestBody RatingRequest request) {
        return asParty(actor, conversationId, () -> request.score() == null ? Mono.error(missing("score"))
                : changed(conversationId, "rated", commands.send(
                new RateConversation(conversationId, actor, request.score(), request.comment())))
                .map(changed -> ResponseEntity.status(HttpStatus.CREATED).body(changed)));
    }

    @PostMapping("/{conversationId}/tags")
    Mono<Changed> tag(Actor actor, @PathVariable String conversationId, @RequestBody TagRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "tagged",
                commands.send(new TagConversation(conversationId, actor, request.tag()))));
    }

    @DeleteMapping("/{conversationId}/tags/{tag}")
    Mono<Changed> untag(Actor actor, @PathVariable String conversationId, @PathVariable String tag) {
        return asParty(actor, conversationId, () -> changed(conversationId, "untagged",
                commands.send(new UntagConversation(conversationId, actor, tag))));
    }

    @PostMapping("/{conversationId}/disputes")
    Mono<ResponseEntity<DisputeOpened>> openDispute(Actor actor, @PathVariable String conversationId,
                                                    @RequestBody DisputeRequest request) {
        return asParty(actor, conversationId, () -> {
            String disputeId = UUID.randomUUID().toString();
            return inConversation(conversationId, commands.send(
                    new OpenDispute(conversationId, actor, disputeId, request.reason())).thenReturn(true))
                    .thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(new DisputeOpened(conversationId,
                            disputeId)));
        });
    }

    @PostMapping("/{conversationId}/disputes/{disputeId}/evidence")
    Mono<ResponseEntity<Changed>> addEvidence(Actor actor, @PathVariable String conversationId,
                                              @PathVariable String disputeId, @RequestBody EvidenceRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "evidence-added", commands.send(
                new AddDisputeEvidence(conversationId, actor, disputeId, request.note())))
                .map(changed -> ResponseEntity.status(HttpStatus.CREATED).body(changed)));
    }

    @PostMapping("/{conversationId}/disputes/{disputeId}/resolution")
    Mono<Changed> resolveDispute(Actor actor, @PathVariable String conversationId, @PathVariable String disputeId,
                                 @RequestBody ResolutionRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "dispute-resolved", commands.send(
                new ResolveDispute(conversationId, actor, disputeId, request.outcome(), request.note()))));
    }

    /** {@code action}, once {@link ConversationAccess} lets the actor act on the conversation. */
    private <T> Mono<T> asParty(Actor actor, String conversationId, Supplier<Mono<T>> action) {
        return access.toChange(conversationId, actor).then(Mono.defer(action));
    }

    private static <T> Mono<T> inConversation(String conversationId, Mono<T> outcome) {
        return outcome.onErrorMap(AggregateNotFoundException.class, e -> ConversationAccess.notFound(conversationId));
    }

    private static Mono<Changed> changed(String conversationId, String change, Mono<?> outcome) {
        return inConversation(conversationId, outcome.thenReturn(true))
                .thenReturn(new Changed(conversationId, change));
    }

    private static String reason(ReasonRequest request) {
        return request == null ? null : request.reason();
    }

    static ProblemException missing(String field) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "malformed-request", "'" + field + "' is required.");
    }
}
