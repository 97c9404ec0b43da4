package livechat.api.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;

import java.util.List;

/** A stream ticket presented for a conversation's stream, not yet redeemed. */
final class TicketRequest extends AbstractAuthenticationToken {

    private final String ticket;
    private final String conversationId;

    TicketRequest(String ticket, String conversationId) {
        super(List.of());
        this.ticket = ticket;
        this.conversationId = conversationId;
    }

    String ticket() {
        return ticket;
    }

    String conversationId() {
        return conversationId;
    }

    @Override
    public Object getCredentials() {
        return ticket;
    }

    @Override
    public Object getPrincipal() {
        return conversationId;
    }
}
