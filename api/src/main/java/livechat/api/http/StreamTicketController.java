package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.ConversationAccess;
import livechat.api.security.Identity;
import livechat.api.security.StreamTickets;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Tickets for a browser's {@code EventSource}, which cannot send an Authorization header: the ticket, given as
 * {@code ?ticket=} on the conversation's stream, stands for the caller once, for a minute.
 */
@RestController
@Tag(name = "streams")
class StreamTicketController {

    record TicketRequest(@Schema(requiredMode = REQUIRED) String conversationId) {
    }

    record Ticket(@Schema(requiredMode = REQUIRED) String ticket,
                  @Schema(requiredMode = REQUIRED, description = "Seconds") long expiresIn) {
    }

    private final ConversationAccess access;
    private final StreamTickets tickets;

    StreamTicketController(ConversationAccess access, StreamTickets tickets) {
        this.access = access;
        this.tickets = tickets;
    }

    @PostMapping("/api/stream-tickets")
    @Operation(operationId = "issueStreamTicket", summary = "Get a single-use ticket to open a stream without headers")
    @Refuses({ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP})
    Mono<Ticket> ticket(Identity identity, @RequestBody TicketRequest request) {
        if (request.conversationId() == null || request.conversationId().isBlank()) {
            return Mono.error(ConversationController.missing("conversationId"));
        }
        return access.toRead(request.conversationId(), identity.actor())
                .then(tickets.issue(identity, request.conversationId()))
                .map(ticket -> new Ticket(ticket, tickets.lifetimeSeconds()));
    }
}
