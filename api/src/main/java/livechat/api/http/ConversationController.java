package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.ConversationAccess;
import livechat.api.store.MessageRedactions;
import livechat.command.assignment.Assignments;
import livechat.command.canned.CannedResponseCommand.SendCannedResponse;
import livechat.command.canned.CannedResponseRule;
import livechat.command.conversation.ConversationCommand.AddDisputeEvidence;
import livechat.command.conversation.ConversationCommand.EditMessage;
import livechat.command.conversation.ConversationCommand.MarkSeen;
import livechat.command.conversation.ConversationCommand.PlaceLegalHold;
import livechat.command.conversation.ConversationCommand.OpenDispute;
import livechat.command.conversation.ConversationCommand.RateConversation;
import livechat.command.conversation.ConversationCommand.RedactMessage;
import livechat.command.conversation.ConversationCommand.ReleaseLegalHold;
import livechat.command.conversation.ConversationCommand.ReopenConversation;
import livechat.command.conversation.ConversationCommand.ResolveDispute;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.command.conversation.ConversationCommand.TagConversation;
import livechat.command.conversation.ConversationCommand.UntagConversation;
import livechat.command.conversation.MessageAccepted;
import livechat.events.Actor;
import livechat.events.Attachment;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;
import static livechat.command.agent.AgentRule.AGENT_ALREADY_HOLDS;
import static livechat.command.agent.AgentRule.AGENT_CAPACITY;
import static livechat.command.agent.AgentRule.AGENT_HAS_SKILL;
import static livechat.command.agent.AgentRule.AGENT_ONLINE;
import static livechat.command.agent.AgentRule.AGENT_REGISTERED;
import static livechat.command.agent.AgentRule.SKILL_FORMAT;
import static livechat.command.conversation.ConversationRule.AGENT_ALREADY_ASSIGNED;
import static livechat.command.conversation.ConversationRule.ATTACHMENT_LIMITS;
import static livechat.command.conversation.ConversationRule.CLIENT_MESSAGE_ID_REQUIRED;
import static livechat.command.conversation.ConversationRule.CLIENT_MESSAGE_ID_REUSED;
import static livechat.command.conversation.ConversationRule.CONVERSATION_CLOSED;
import static livechat.command.conversation.ConversationRule.CONVERSATION_HAS_AGENT;
import static livechat.command.conversation.ConversationRule.CONVERSATION_OPEN;
import static livechat.command.conversation.ConversationRule.DISPUTE_NOT_FOUND;
import static livechat.command.conversation.ConversationRule.DISPUTE_OPEN;
import static livechat.command.conversation.ConversationRule.DISPUTE_OUTCOME;
import static livechat.command.conversation.ConversationRule.DISPUTE_PARTIES;
import static livechat.command.conversation.ConversationRule.DISPUTE_TEXT_LENGTH;
import static livechat.command.conversation.ConversationRule.EDIT_BY_AUTHOR_OR_SUPERVISOR;
import static livechat.command.conversation.ConversationRule.INTERNAL_NOTES_AGENTS_ONLY;
import static livechat.command.conversation.ConversationRule.LEGAL_HOLD_BY_SUPERVISOR_OR_AUDITOR;
import static livechat.command.conversation.ConversationRule.LEGAL_HOLD_PLACED;
import static livechat.command.conversation.ConversationRule.LEGAL_HOLD_REASON_REQUIRED;
import static livechat.command.conversation.ConversationRule.MESSAGE_NOT_FOUND;
import static livechat.command.conversation.ConversationRule.NO_LEGAL_HOLD;
import static livechat.command.conversation.ConversationRule.MESSAGE_REDACTED;
import static livechat.command.conversation.ConversationRule.MESSAGE_TEXT_LENGTH;
import static livechat.command.conversation.ConversationRule.ONE_OPEN_DISPUTE;
import static livechat.command.conversation.ConversationRule.ONE_RATING_PER_PERIOD;
import static livechat.command.conversation.ConversationRule.ONLY_THE_VISITOR_RATES;
import static livechat.command.conversation.ConversationRule.ONLY_VISITORS_START;
import static livechat.command.conversation.ConversationRule.PARTICIPANTS_ONLY;
import static livechat.command.conversation.ConversationRule.RATING_AFTER_CLOSE;
import static livechat.command.conversation.ConversationRule.RATING_SCORE_RANGE;
import static livechat.command.conversation.ConversationRule.REASON_LENGTH;
import static livechat.command.conversation.ConversationRule.REDACTION_REASON_REQUIRED;
import static livechat.command.conversation.ConversationRule.RESERVATION_ABANDONED;
import static livechat.command.conversation.ConversationRule.SEEN_WITHIN_CONVERSATION;
import static livechat.command.conversation.ConversationRule.SUPERVISORS_ONLY;
import static livechat.command.conversation.ConversationRule.SUPERVISORS_RESOLVE_DISPUTES;
import static livechat.command.conversation.ConversationRule.TAGS_BY_AGENTS;
import static livechat.command.conversation.ConversationRule.TAG_FORMAT;
import static livechat.command.conversation.ConversationRule.TOPIC_LENGTH;
import static livechat.command.conversation.ConversationRule.TRANSFER_BY_ASSIGNEE_OR_SUPERVISOR;
import static livechat.command.conversation.ConversationRule.TRANSFER_NEEDS_AGENT;
import static livechat.command.conversation.ConversationRule.UNASSIGN_NEEDS_AGENT;

/**
 * The commands visitors, agents and supervisors send to a conversation. Each first asks {@link ConversationAccess}
 * whether the actor may act on the conversation at all, so no other rule answers a stranger first.
 */
@RestController
@RequestMapping("/api/conversations")
@Tag(name = "conversations")
class ConversationController {

    record StartConversationRequest(
            @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 200, description = "Trimmed") String topic,
            @Schema(pattern = SKILL, description = "The skill an agent needs to take it") String skill) {
    }

    /** Either {@code text} (and/or {@code attachments}) or the key of a {@code cannedResponse}. */
    @Schema(description = "Either text (and/or attachments) or the key of a canned response")
    record SendMessageRequest(
            @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 128,
                    description = "The client's id for this message: a resend with it is answered, not written again")
            String clientMessageId,
            @Schema(maxLength = 4000, description = "1 to 4,000 characters after trimming; may be left out with "
                    + "attachments") String text,
            @Schema(description = "An internal note, never shown to the visitor") Boolean internal,
            @ArraySchema(maxItems = 10, arraySchema = @Schema(description = "PNG, JPEG, GIF, WebP, PDF or plain "
                    + "text, 1 byte to 25 MiB each, named 1..255 characters, with a lowercase hex SHA-256"))
            List<Attachment> attachments,
            @Schema(pattern = CANNED_KEY, description = "Sends this canned response's text, alone")
            String cannedResponse) {
    }

    record ReasonRequest(@Schema(maxLength = 500) String reason) {
    }

    record AgentRequest(@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 128) String agentId,
                        @Schema(maxLength = 500) String reason) {
    }

    record EditRequest(@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 4000) String text,
                       @Schema(maxLength = 500) String reason) {
    }

    record SeenRequest(@Schema(requiredMode = REQUIRED, minimum = "0", format = "int64") Long upToSequence) {
    }

    record RatingRequest(@Schema(requiredMode = REQUIRED, minimum = "1", maximum = "5") Integer score,
                         @Schema(maxLength = 1000) String comment) {
    }

    record TagRequest(@Schema(requiredMode = REQUIRED, pattern = "^[a-z0-9][a-z0-9-]{0,39}$") String tag) {
    }

    record DisputeRequest(@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 4000) String reason) {
    }

    record EvidenceRequest(@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 4000) String note) {
    }

    record ResolutionRequest(
            @Schema(requiredMode = REQUIRED, allowableValues = {"upheld", "rejected", "settled"}) String outcome,
            @Schema(maxLength = 4000) String note) {
    }

    record LegalHoldRequest(@Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 500,
            description = "Why the content is kept: a case, a claim; staff's words, never personal data")
                            String reason) {
    }

    record Started(@Schema(requiredMode = REQUIRED) String conversationId) {
    }

    record Sent(@Schema(requiredMode = REQUIRED) String messageId,
                @Schema(requiredMode = REQUIRED, description = "The message's position in the conversation's stream")
                long sequence) {
    }

    record Changed(@Schema(requiredMode = REQUIRED) String conversationId,
                   @Schema(requiredMode = REQUIRED, description = "What changed: edited, closed, tagged...")
                   String change) {
    }

    record DisputeOpened(@Schema(requiredMode = REQUIRED) String conversationId,
                         @Schema(requiredMode = REQUIRED) String disputeId) {
    }

    static final String SKILL = "^[a-z0-9-]{1,40}$";
    static final String CANNED_KEY = "^[a-z0-9-]{1,64}$";

    private final Commands commands;
    private final Assignments assignments;
    private final ConversationAccess access;
    private final MessageRedactions redactions;

    ConversationController(Commands commands, Assignments assignments, ConversationAccess access,
                           MessageRedactions redactions) {
        this.commands = commands;
        this.assignments = assignments;
        this.access = access;
        this.redactions = redactions;
    }

    @PostMapping
    @Operation(operationId = "startConversation", summary = "Start a conversation (visitors)")
    @ApiResponse(responseCode = "201", description = "Started; routing to an agent begins", headers = @Header(
            name = "Location", description = "The conversation", schema = @Schema(type = "string")))
    @Refuses(conversation = {ONLY_VISITORS_START, TOPIC_LENGTH}, agent = SKILL_FORMAT, writes = true)
    Mono<ResponseEntity<Started>> start(Actor actor, @RequestBody StartConversationRequest request) {
        String conversationId = UUID.randomUUID().toString();
        return commands.send(new StartConversation(conversationId, actor, request.topic(), request.skill()))
                .thenReturn(ResponseEntity.created(URI.create("/api/conversations/" + conversationId))
                        .body(new Started(conversationId)));
    }

    @PostMapping("/{conversationId}/messages")
    @Operation(operationId = "sendMessage", summary = "Send a message, a note or a canned response")
    @ApiResponse(responseCode = "201", description = "Sent")
    @ApiResponse(responseCode = "200", description = "A resend of a message already sent: its id and sequence, "
            + "nothing written")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP, ApiRule.CANNED_RESPONSE_ALONE},
            conversation = {PARTICIPANTS_ONLY, INTERNAL_NOTES_AGENTS_ONLY, CONVERSATION_OPEN, MESSAGE_TEXT_LENGTH,
                    ATTACHMENT_LIMITS, CLIENT_MESSAGE_ID_REQUIRED, CLIENT_MESSAGE_ID_REUSED},
            canned = {CannedResponseRule.SENT_BY_AGENTS, CannedResponseRule.EXISTS, CannedResponseRule.KEY_FORMAT},
            writes = true)
    Mono<ResponseEntity<Sent>> send(Actor actor, @PathVariable String conversationId,
                                    @RequestBody SendMessageRequest request) {
        return asParty(actor, conversationId, () -> {
            String messageId = UUID.randomUUID().toString();
            Object command;
            if (request.cannedResponse() != null) {
                if (request.text() != null || request.attachments() != null) {
                    return Mono.error(new ProblemException(ApiRule.CANNED_RESPONSE_ALONE,
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
    @Operation(operationId = "editMessage", summary = "Edit a message (the original stays in the log)")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            conversation = {MESSAGE_NOT_FOUND, EDIT_BY_AUTHOR_OR_SUPERVISOR, MESSAGE_REDACTED, MESSAGE_TEXT_LENGTH,
                    REASON_LENGTH, CONVERSATION_OPEN}, writes = true)
    Mono<Changed> edit(Actor actor, @PathVariable String conversationId, @PathVariable String messageId,
                       @RequestBody EditRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "edited",
                commands.send(new EditMessage(conversationId, actor, messageId, request.text(), request.reason()))));
    }

    @PostMapping("/{conversationId}/messages/{messageId}/redaction")
    @Operation(operationId = "redactMessage", summary = "Redact a message (supervisors)")
    @Refuses(value = ApiRule.CONVERSATION_NOT_FOUND, conversation = {MESSAGE_NOT_FOUND, SUPERVISORS_ONLY,
            MESSAGE_REDACTED, REDACTION_REASON_REQUIRED, REASON_LENGTH}, writes = true)
    Mono<Changed> redact(Actor actor, @PathVariable String conversationId, @PathVariable String messageId,
                         @RequestBody ReasonRequest request) {
        // Once the redaction is in the log, the message's keys and the files only it carried go: its text, edits and
        // attachments are unreadable from then on (KeyShredding does it again should the server stop in between).
        return asParty(actor, conversationId, () -> changed(conversationId, "redacted",
                commands.send(new RedactMessage(conversationId, actor, messageId, request.reason()))
                        .then(commands.storeWork(() -> redactions.destroy(conversationId, messageId)))));
    }

    @PostMapping("/{conversationId}/seen")
    @Operation(operationId = "markSeen", summary = "Mark the conversation seen up to a sequence")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            conversation = {PARTICIPANTS_ONLY, SEEN_WITHIN_CONVERSATION}, writes = true)
    Mono<Changed> seen(Actor actor, @PathVariable String conversationId, @RequestBody SeenRequest request) {
        return asParty(actor, conversationId, () -> request.upToSequence() == null
                ? Mono.error(missing("upToSequence"))
                : changed(conversationId, "seen",
                commands.send(new MarkSeen(conversationId, actor, request.upToSequence()))));
    }

    @PostMapping("/{conversationId}/assignment")
    @Operation(operationId = "assignConversation", summary = "Assign the conversation to an agent (supervisors)")
    @Refuses(value = ApiRule.CONVERSATION_NOT_FOUND, conversation = {SUPERVISORS_ONLY, CONVERSATION_OPEN,
            CONVERSATION_HAS_AGENT, AGENT_ALREADY_ASSIGNED, RESERVATION_ABANDONED}, agent = {AGENT_REGISTERED,
            AGENT_ONLINE, AGENT_HAS_SKILL, AGENT_CAPACITY, AGENT_ALREADY_HOLDS}, writes = true)
    Mono<Changed> assign(Actor actor, @PathVariable String conversationId, @RequestBody AgentRequest request) {
        return asParty(actor, conversationId, () -> request.agentId() == null || request.agentId().isBlank()
                ? Mono.error(missing("agentId"))
                : changed(conversationId, "assigned",
                commands.call(() -> assignments.assign(conversationId, request.agentId(), actor))));
    }

    @PostMapping("/{conversationId}/transfer")
    @Operation(operationId = "transferConversation", summary = "Transfer the conversation to another agent")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            conversation = {TRANSFER_BY_ASSIGNEE_OR_SUPERVISOR, CONVERSATION_OPEN, TRANSFER_NEEDS_AGENT,
                    AGENT_ALREADY_ASSIGNED, REASON_LENGTH, RESERVATION_ABANDONED}, agent = {AGENT_REGISTERED,
            AGENT_ONLINE, AGENT_HAS_SKILL, AGENT_CAPACITY, AGENT_ALREADY_HOLDS}, writes = true)
    Mono<Changed> transfer(Actor actor, @PathVariable String conversationId, @RequestBody AgentRequest request) {
        return asParty(actor, conversationId, () -> request.agentId() == null || request.agentId().isBlank()
                ? Mono.error(missing("agentId"))
                : changed(conversationId, "transferred", commands.call(() -> {
            assignments.transfer(conversationId, request.agentId(), request.reason(), actor);
            return true;
        })));
    }

    @PostMapping("/{conversationId}/unassign")
    @Operation(operationId = "unassignConversation", summary = "Put the conversation back in the queue (supervisors)")
    @Refuses(value = ApiRule.CONVERSATION_NOT_FOUND, conversation = {SUPERVISORS_ONLY, CONVERSATION_OPEN,
            UNASSIGN_NEEDS_AGENT, REASON_LENGTH}, writes = true)
    Mono<Changed> unassign(Actor actor, @PathVariable String conversationId,
                           @RequestBody(required = false) ReasonRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "unassigned", commands.call(() -> {
            assignments.unassign(conversationId, reason(request), actor);
            return true;
        })));
    }

    @PostMapping("/{conversationId}/close")
    @Operation(operationId = "closeConversation", summary = "Close the conversation; the agent's seat is freed")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            conversation = {PARTICIPANTS_ONLY, CONVERSATION_OPEN, REASON_LENGTH}, writes = true)
    Mono<Changed> close(Actor actor, @PathVariable String conversationId,
                        @RequestBody(required = false) ReasonRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "closed", commands.call(() -> {
            assignments.close(conversationId, reason(request), actor);
            return true;
        })));
    }

    @PostMapping("/{conversationId}/reopen")
    @Operation(operationId = "reopenConversation", summary = "Reopen a closed conversation; routing runs again")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            conversation = {PARTICIPANTS_ONLY, CONVERSATION_CLOSED, REASON_LENGTH}, writes = true)
    Mono<Changed> reopen(Actor actor, @PathVariable String conversationId,
                         @RequestBody(required = false) ReasonRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "reopened",
                commands.send(new ReopenConversation(conversationId, actor, reason(request)))));
    }

    @PostMapping("/{conversationId}/rating")
    @Operation(operationId = "rateConversation", summary = "Rate the conversation after its close (its visitor)")
    @ApiResponse(responseCode = "201", description = "Rated")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            conversation = {ONLY_THE_VISITOR_RATES, RATING_AFTER_CLOSE, ONE_RATING_PER_PERIOD, RATING_SCORE_RANGE,
                    REASON_LENGTH}, writes = true)
    Mono<ResponseEntity<Changed>> rate(Actor actor, @PathVariable String conversationId,
                                       @RequestBody RatingRequest request) {
        return asParty(actor, conversationId, () -> request.score() == null ? Mono.error(missing("score"))
                : changed(conversationId, "rated", commands.send(
                new RateConversation(conversationId, actor, request.score(), request.comment())))
                .map(changed -> ResponseEntity.status(HttpStatus.CREATED).body(changed)));
    }

    @PostMapping("/{conversationId}/tags")
    @Operation(operationId = "tagConversation", summary = "Tag the conversation (agents, supervisors)")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            conversation = {TAGS_BY_AGENTS, TAG_FORMAT}, writes = true)
    Mono<Changed> tag(Actor actor, @PathVariable String conversationId, @RequestBody TagRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "tagged",
                commands.send(new TagConversation(conversationId, actor, request.tag()))));
    }

    @DeleteMapping("/{conversationId}/tags/{tag}")
    @Operation(operationId = "untagConversation", summary = "Remove a tag from the conversation")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            conversation = {TAGS_BY_AGENTS, TAG_FORMAT}, writes = true)
    Mono<Changed> untag(Actor actor, @PathVariable String conversationId, @PathVariable String tag) {
        return asParty(actor, conversationId, () -> changed(conversationId, "untagged",
                commands.send(new UntagConversation(conversationId, actor, tag))));
    }

    @PostMapping("/{conversationId}/disputes")
    @Operation(operationId = "openDispute", summary = "Open a dispute about the conversation")
    @ApiResponse(responseCode = "201", description = "Opened")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            conversation = {DISPUTE_PARTIES, ONE_OPEN_DISPUTE, DISPUTE_TEXT_LENGTH}, writes = true)
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
    @Operation(operationId = "addDisputeEvidence", summary = "Add evidence to an open dispute")
    @ApiResponse(responseCode = "201", description = "Added")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP},
            conversation = {DISPUTE_PARTIES, DISPUTE_NOT_FOUND, DISPUTE_OPEN, DISPUTE_TEXT_LENGTH}, writes = true)
    Mono<ResponseEntity<Changed>> addEvidence(Actor actor, @PathVariable String conversationId,
                                              @PathVariable String disputeId, @RequestBody EvidenceRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "evidence-added", commands.send(
                new AddDisputeEvidence(conversationId, actor, disputeId, request.note())))
                .map(changed -> ResponseEntity.status(HttpStatus.CREATED).body(changed)));
    }

    @PostMapping("/{conversationId}/disputes/{disputeId}/resolution")
    @Operation(operationId = "resolveDispute", summary = "Resolve a dispute (supervisors)")
    @Refuses(value = ApiRule.CONVERSATION_NOT_FOUND, conversation = {SUPERVISORS_RESOLVE_DISPUTES, DISPUTE_NOT_FOUND,
            DISPUTE_OPEN, DISPUTE_OUTCOME, DISPUTE_TEXT_LENGTH}, writes = true)
    Mono<Changed> resolveDispute(Actor actor, @PathVariable String conversationId, @PathVariable String disputeId,
                                 @RequestBody ResolutionRequest request) {
        return asParty(actor, conversationId, () -> changed(conversationId, "dispute-resolved", commands.send(
                new ResolveDispute(conversationId, actor, disputeId, request.outcome(), request.note()))));
    }

    @PostMapping("/{conversationId}/legal-hold")
    @Operation(operationId = "placeLegalHold", summary = "Keep the conversation from erasure (supervisors, auditors)")
    @Refuses(value = ApiRule.CONVERSATION_NOT_FOUND, conversation = {LEGAL_HOLD_BY_SUPERVISOR_OR_AUDITOR,
            LEGAL_HOLD_REASON_REQUIRED, LEGAL_HOLD_PLACED, REASON_LENGTH}, writes = true)
    Mono<Changed> placeLegalHold(Actor actor, @PathVariable String conversationId,
                                 @RequestBody LegalHoldRequest request) {
        return changed(conversationId, "legal-hold-placed",
                commands.send(new PlaceLegalHold(conversationId, actor, request.reason())));
    }

    @DeleteMapping("/{conversationId}/legal-hold")
    @Operation(operationId = "releaseLegalHold", summary = "Release the conversation's legal hold (supervisors, "
            + "auditors)")
    @Refuses(value = ApiRule.CONVERSATION_NOT_FOUND, conversation = {LEGAL_HOLD_BY_SUPERVISOR_OR_AUDITOR,
            NO_LEGAL_HOLD, REASON_LENGTH}, writes = true)
    Mono<Changed> releaseLegalHold(Actor actor, @PathVariable String conversationId,
                                   @Parameter(schema = @Schema(maxLength = 500))
                                   @RequestParam(required = false) String reason) {
        return changed(conversationId, "legal-hold-released",
                commands.send(new ReleaseLegalHold(conversationId, actor, reason)));
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
        return new ProblemException(ApiRule.MALFORMED_REQUEST, "'" + field + "' is required.");
    }
}
