package livechat.query.transcript;

import livechat.events.Role;

/** Everything {@code audience} may see of a conversation after sequence {@code after}, then live. */
public record FollowConversation(String conversationId, Role audience, long after) {
}
