package livechat.query.live;

import livechat.events.Role;

/**
 * One item of a conversation's live stream. {@code sequence} is the event's position in the conversation's stream
 * (the SSE id a client resumes from); ephemeral signals such as typing have none. {@code agentsOnly} items (internal
 * notes) never reach a visitor.
 */
public record StreamItem(Long sequence, String event, Object data, boolean agentsOnly) {

    public boolean visibleTo(Role role) {
        return !agentsOnly || role != Role.VISITOR;
    }
}
