package livechat.bench;

import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.events.Actor;

/** The commands every benchmark sends, so all of them measure the same payloads. */
final class Messages {

    static final Actor VISITOR = Actor.parse("visitor:bench-visitor");
    static final String TEXT = "Hello, I ordered a blue jacket last week and it still has not arrived. Can you help?";

    private Messages() {
    }

    static StartConversation start(String conversationId) {
        return start(conversationId, VISITOR);
    }

    static StartConversation start(String conversationId, Actor visitor) {
        return new StartConversation(conversationId, visitor, "Where is my order?", null);
    }

    static SendMessage message(String conversationId, long n) {
        return message(conversationId, n, VISITOR);
    }

    static SendMessage message(String conversationId, long n, Actor visitor) {
        return new SendMessage(conversationId, visitor, "cm-" + n, conversationId + "-m-" + n, TEXT, false);
    }
}
