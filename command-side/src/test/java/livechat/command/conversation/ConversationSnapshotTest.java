package livechat.command.conversation;

import livechat.command.RuleViolation;
import livechat.command.conversation.ConversationCommand.EditMessage;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.events.Actor;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.serialization.EventSerialization;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A long conversation's snapshot: the same JSON serializer as production, 100,000 messages. Field by field, a state
 * of every clientMessageId with its answer and every message with its author would take about 206 bytes a message,
 * 20 MB here; the message index takes 17 bytes a message, base64 in the JSON.
 */
class ConversationSnapshotTest {

    private static final String ID = "c-1";
    private static final int MESSAGES = 100_000;
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor AGENT = Actor.parse("agent:a-1");

    private final Map<Long, MessageSent> log = new HashMap<>();
    private final ConversationHistory history = (conversationId, sequence) -> Optional.ofNullable(log.get(sequence));

    private Conversation longConversation() {
        Conversation conversation = new Conversation();
        conversation.on(new ConversationStarted(ID, "v-1", "A long chat", null));
        for (int n = 0; n < MESSAGES; n++) {
            MessageSent sent = new MessageSent(ID, UUID.randomUUID().toString(), "cm-" + n, VISITOR, "message " + n,
                    false);
            log.put(n + 1L, sent);
            conversation.on(sent, n + 1L);
        }
        return conversation;
    }

    @Test
    void aLongConversationsSnapshotStaysSmallAndKeepsEveryMessageFindable() {
        Serializer serializer = EventSerialization.snapshotSerializer();
        SerializedObject<byte[]> snapshot = serializer.serialize(longConversation(), byte[].class);

        assertThat(snapshot.getData()).hasSizeLessThan(MESSAGES * 25);

        Conversation restored = serializer.deserialize(snapshot);
        MessageSent early = log.get(6L);
        assertThat(restored.handle(new SendMessage(ID, VISITOR, "cm-5", "m-new", "message 5", false), history))
                .isEqualTo(new MessageAccepted(early.messageId(), 6, true));
        assertThatThrownBy(() -> restored.handle(new SendMessage(ID, VISITOR, "cm-5", "m-new", "changed", false),
                history))
                .isInstanceOfSatisfying(RuleViolation.class,
                        violation -> assertThat(violation.rule()).isEqualTo("client-message-id-reused"));
        assertThatThrownBy(() -> restored.handle(new EditMessage(ID, AGENT, early.messageId(), "mine now", null),
                history))
                .isInstanceOfSatisfying(RuleViolation.class,
                        violation -> assertThat(violation.rule()).isEqualTo("edit-by-author-or-supervisor"));
    }
}
