package livechat.api.http;

import livechat.api.security.ConversationAccess;
import livechat.api.security.Identity;
import livechat.api.security.StreamTickets;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Tickets for a browser's {@code EventSource}, which cannot send an Authorization header: the ticket, given as
 * {@code ?ticket=} on the conversation's stream, stands for the caller once, for a minute.
 */
@RestController
class StreamTicketController {

    record TicketRequest(String conversationId) {
    }

    record Ticket(String ticket, long expiresIn) {
    }

    private final ConversationAccess access;
    private final StreamTickets tickets;

    StreamTicketController(ConversationAccess access, StreamTickets tickets) {
        this.access = access;
        this.tickets = tickets;
    }

    @PostMapping("/api/stream-tickets")
    Mono<Ticket> ticket(Identity identity, @RequestBody TicketRequest request) {
        if (request.conversationId() == null || request.conversationId().isBlank()) {
            return Mono.error(ConversationController.missing("conversationId"));
        }
        return access.toRead(request.conversationId(), identity.actor())
                .then(tickets.issue(identity, request.conversationId()))
                .map(ticket -> new Ticket(ticket, tickets.lifetimeSeconds()));
    }
}
