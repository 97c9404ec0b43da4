package livechat.query.transcript;

public record FindConversation(String conversationId) {
}
