package livechat.command.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import livechat.command.RuleViolation;
import livechat.command.conversation.ConversationCommand.EditMessage;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.events.Actor;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.serialization.EventSerialization;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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

    private static final AggregateModel<Conversation> MODEL =
            AnnotatedAggregateMetaModelFactory.inspectAggregate(Conversation.class);

    private final Map<Long, MessageSent> log = new HashMap<>();
    private final ConversationHistory history = (conversationId, sequence) -> Optional.ofNullable(log.get(sequence));

    private Conversation longConversation() {
        Conversation conversation = new Conversation();
        source(conversation, 0, new ConversationStarted(ID, "v-1", "A long chat", null));
        for (int n = 0; n < MESSAGES; n++) {
            MessageSent sent = new MessageSent(ID, UUID.randomUUID().toString(), "cm-" + n, VISITOR, "message " + n,
                    false);
            log.put(n + 1L, sent);
            source(conversation, n + 1L, sent);
        }
        return conversation;
    }

    /** Applies an event as Axon does when it loads a conversation: to the aggregate and to its members. */
    private static void source(Conversation conversation, long sequence, Object event) {
        MODEL.publish(new GenericDomainEventMessage<>("Conversation", ID, sequence, event), conversation);
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
                        violation -> assertThat(violation.ruleName()).isEqualTo("client-message-id-reused"));
        assertThatThrownBy(() -> restored.handle(new EditMessage(ID, AGENT, early.messageId(), "mine now", null),
                history))
                .isInstanceOfSatisfying(RuleViolation.class,
                        violation -> assertThat(violation.ruleName()).isEqualTo("edit-by-author-or-supervisor"));
    }

    /**
     * Stored snapshots outlive the code that wrote them, so the layout is fixed: a stored snapshot with every part of
     * a conversation's state set reads back whole and is written out again field for field.
     */
    @Test
    void aSnapshotInTheStoredLayoutReadsBackWithAllItsState() throws Exception {
        String stored = """
                {"conversationId":"c-1","visitorId":"v-1","requiredSkill":"billing","open":true,\
                "assignedAgentId":"a-2","reservationId":"r-2","agentAtLastClose":"a-1","ratedSinceLastClose":true,\
                "openDisputeId":"d-2","disputeIds":["d-2","d-1"],"abandonedReservations":["r-0"],"tags":["refund"],\
                "seenUpTo":{"visitor:v-1":4},"messages":"AQIDA+kqepuJX7eMl6SlSW5YIwHUfMRY4iwGnmm9BImlmAxl",\
                "redactedMessageIds":["m-1"],"legalHold":true}""";
        Serializer serializer = EventSerialization.snapshotSerializer();

        Conversation restored = serializer.deserialize(new SimpleSerializedObject<>(
                stored.getBytes(StandardCharsets.UTF_8), byte[].class, Conversation.class.getName(), null));
        byte[] written = serializer.serialize(restored, byte[].class).getData();

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(written)).isEqualTo(json.readTree(stored));
    }
}
