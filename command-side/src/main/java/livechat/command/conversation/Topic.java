package livechat.command.conversation;

import livechat.command.Limits;

import static livechat.command.conversation.ConversationRule.TOPIC_LENGTH;

/** What a conversation is about: 1 to {@link Limits#TOPIC} characters after trimming. */
record Topic(String text) {

    static Topic of(String raw) {
        String topic = Trimmed.of(raw);
        if (topic.isEmpty() || topic.codePointCount(0, topic.length()) > Limits.TOPIC) {
            throw TOPIC_LENGTH.broken("A topic is 1 to " + Limits.TOPIC + " characters after trimming.");
        }
        return new Topic(topic);
    }
}
