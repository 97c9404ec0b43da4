package livechat.command.conversation;

import livechat.command.conversation.ConversationCommand.CloseConversation;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.HashMap;
import java.util.Map;

import static livechat.command.conversation.ConversationRule.CLIENT_MESSAGE_ID_REQUIRED;
import static livechat.command.conversation.ConversationRule.CLIENT_MESSAGE_ID_REUSED;
import static livechat.command.conversation.ConversationRule.CLOSE_REASON_LENGTH;
import static livechat.command.conversation.ConversationRule.CONVERSATION_OPEN;
import static livechat.command.conversation.ConversationRule.INTERNAL_NOTES_AGENTS_ONLY;
import static livechat.command.conversation.ConversationRule.MESSAGE_TEXT_LENGTH;
import static livechat.command.conversation.ConversationRule.ONLY_VISITORS_START;
import static livechat.command.conversation.ConversationRule.PARTICIPANTS_ONLY;
import static livechat.command.conversation.ConversationRule.TOPIC_LENGTH;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One chat between a visitor and the agents who serve it. Decides every change; the event log is its memory. */
public class Conversation {

    static final int MAX_TEXT_LENGTH = 4000;
    static final int MAX_TOPIC_LENGTH = 200;
    static final int MAX_REASON_LENGTH = 500;
    static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 128;

    @AggregateIdentifier
    private String conversationId;
    private String visitorId;
    private boolean open;
    /** Every accepted client message id, so a resend is answered from here instead of written twice. */
    private final Map<String, Accepted> acceptedByClientMessageId = new HashMap<>();

    /**
     * What a resend must match: the same author and text (compared by hash, so a long conversation does not keep
     * every text in memory) get the original answer; anything else reusing the id is refused.
     */
    record Accepted(String messageId, long sequence, Actor author, int textHash) {
    }

    protected Conversation() {
        // Axon rebuilds the aggregate from its events through this constructor.
    }

    @CommandHandler
    public Conversation(StartConversation command) {
        if (!command.actor().is(Role.VISITOR)) {
            throw ONLY_VISITORS_START.broken("Only a visitor can start a conversation, not a "
                    + command.actor().role().wireName() + ".");
        }
        String topic = trim(command.topic());
        if (topic.isEmpty() || topic.codePointCount(0, topic.length()) > MAX_TOPIC_LENGTH) {
            throw TOPIC_LENGTH.broken("A topic is 1 to " + MAX_TOPIC_LENGTH + " characters after trimming.");
        }
        String skill = trim(command.requiredSkill());
        apply(new ConversationStarted(command.conversationId(), command.actor().id(), topic,
                skill.isEmpty() ? null : skill));
    }

    @CommandHandler
    public MessageAccepted handle(SendMessage command) {
        Actor author = command.actor();
        String clientMessageId = command.clientMessageId();
        if (clientMessageId == null || clientMessageId.isBlank()
                || clientMessageId.length() > MAX_CLIENT_MESSAGE_ID_LENGTH) {
            throw CLIENT_MESSAGE_ID_REQUIRED.broken("Every message needs a clientMessageId of 1 to "
                    + MAX_CLIENT_MESSAGE_ID_LENGTH + " characters, so a resend is not written twice.");
        }
        String text = trim(command.text());
        Accepted earlier = acceptedByClientMessageId.get(clientMessageId);
        if (earlier != null) {
            if (!earlier.author().equals(author) || earlier.textHash() != text.hashCode()) {
                throw CLIENT_MESSAGE_ID_REUSED.broken("clientMessageId '" + clientMessageId
                        + "' was already used for a different message in this conversation.");
            }
            return new MessageAccepted(earlier.messageId(), earlier.sequence(), true);
        }
        if (!isParticipant(author)) {
            throw PARTICIPANTS_ONLY.broken("Only the conversation's visitor or an agent assigned to it can send "
                    + "messages; " + author + " is neither.");
        }
        if (command.internal() && !author.is(Role.AGENT)) {
            throw INTERNAL_NOTES_AGENTS_ONLY.broken("Internal notes are for agents only.");
        }
        if (!open) {
            throw CONVERSATION_OPEN.broken("The conversation is closed; messages are accepted only while it is open.");
        }
        int length = text.codePointCount(0, text.length());
        if (length == 0 || length > MAX_TEXT_LENGTH) {
            throw MESSAGE_TEXT_LENGTH.broken("A message has 1 to " + MAX_TEXT_LENGTH
                    + " characters after trimming; this one has " + length + ".");
        }
        apply(new MessageSent(conversationId, command.messageId(), clientMessageId, author, text,
                command.internal()));
        return new MessageAccepted(command.messageId(),
                acceptedByClientMessageId.get(clientMessageId).sequence(), false);
    }

    @CommandHandler
    public void handle(CloseConversation command) {
        Actor actor = command.actor();
        if (!isParticipant(actor) && !actor.is(Role.SUPERVISOR)) {
            throw PARTICIPANTS_ONLY.broken("Only the conversation's visitor, an assigned agent or a supervisor "
                    + "can close it; " + actor + " is none of these.");
        }
        if (!open) {
            throw CONVERSATION_OPEN.broken("The conversation is already closed.");
        }
        String reason = trim(command.reason());
        if (reason.length() > MAX_REASON_LENGTH) {
            throw CLOSE_REASON_LENGTH.broken("A close reason is at most " + MAX_REASON_LENGTH + " characters.");
        }
        apply(new ConversationClosed(conversationId, actor, reason.isEmpty() ? null : reason));
    }

    private boolean isParticipant(Actor actor) {
        return actor.is(Role.VISITOR) && actor.id().equals(visitorId);
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    @EventSourcingHandler
    void on(ConversationStarted event) {
        conversationId = event.conversationId();
        visitorId = event.visitorId();
        open = true;
    }

    @EventSourcingHandler
    void on(MessageSent event, @SequenceNumber Long sequence) {
        acceptedByClientMessageId.put(event.clientMessageId(), new Accepted(event.messageId(), sequence,
                event.author(), event.text().hashCode()));
    }

    @EventSourcingHandler
    void on(ConversationClosed event) {
        open = false;
    }
}
