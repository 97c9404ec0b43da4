package livechat.command.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;
import livechat.command.conversation.ConversationCommand.EditMessage;
import livechat.command.conversation.ConversationCommand.MarkSeen;
import livechat.command.conversation.ConversationCommand.RedactMessage;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageRedacted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.conversation.ConversationEvent.MessagesSeen;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import static livechat.command.conversation.ConversationRule.CLIENT_MESSAGE_ID_REUSED;
import static livechat.command.conversation.ConversationRule.MESSAGE_NOT_FOUND;
import static livechat.command.conversation.ConversationRule.MESSAGE_REDACTED;
import static livechat.command.conversation.ConversationRule.REDACTION_REASON_REQUIRED;
import static livechat.command.conversation.ConversationRule.SEEN_WITHIN_CONVERSATION;
import static livechat.command.conversation.ConversationRule.SUPERVISORS_ONLY;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A conversation's messages as its decisions need them: where each one sits in the event stream, which were
 * redacted, and how far each reader has seen. A member of the conversation: it handles redactions, which depend on
 * nothing else of it; for sending, editing and receipts, whose rules also ask who takes part and whether the
 * conversation is open, the conversation checks those and asks this class for the rest and for the event.
 */
final class Messages {

    /**
     * Every message by hashes of its ids, so a resend is answered instead of written twice and an edit finds its
     * message; the events themselves (read through {@link ConversationHistory}) settle what a hash only suggests.
     */
    @JsonProperty("messages")
    private final MessageIndex index = new MessageIndex();
    /** Ids, not hashes: an event-sourcing handler cannot read the store to tell colliding ids apart; there are few. */
    private final Set<String> redactedMessageIds = new HashSet<>();
    /** reader (as {@link Actor#toString()}) -> the last sequence they have seen */
    private final Map<String, Long> seenUpTo = new HashMap<>();
    private transient ToLongFunction<String> idHash = MessageIndex::hash;

    /** A message found by its id, at its sequence. */
    record Found(long sequence, MessageSent message) {
    }

    Messages() {
    }

    /** With another hash of message ids, so tests can make ids collide. */
    Messages(ToLongFunction<String> idHash) {
        this.idHash = idHash;
    }

    /**
     * The answer to a resend of the message first sent under {@code clientMessageId} (same author and text): its id
     * and sequence. Empty if nothing was sent under that id; anything else reusing it is refused.
     */
    Optional<MessageAccepted> resend(ClientMessageId clientMessageId, SendMessage command,
                                     ConversationHistory history) {
        String id = clientMessageId.value();
        Optional<Found> earlier = find(command.conversationId(), index.withClientIdHash(idHash.applyAsLong(id)),
                history, message -> message.clientMessageId().equals(id));
        return earlier.map(found -> {
            MessageSent original = found.message();
            if (!original.author().equals(command.actor()) || !original.text().equals(Trimmed.of(command.text()))) {
                throw CLIENT_MESSAGE_ID_REUSED.broken("clientMessageId '" + id
                        + "' was already used for a different message in this conversation.");
            }
            return new MessageAccepted(original.messageId(), found.sequence(), true);
        });
    }

    MessageSent send(ClientMessageId clientMessageId, SendMessage command) {
        MessageContent.attachments(command.attachments());
        String text = MessageContent.text(command.text(), !command.attachments().isEmpty());
        return new MessageSent(command.conversationId(), command.messageId(), clientMessageId.value(),
                command.actor(), text, command.internal(), command.attachments(), command.cannedResponseKey());
    }

    Found existing(String conversationId, String messageId, ConversationHistory history) {
        return find(conversationId, index.withMessageIdHash(idHash.applyAsLong(messageId)), history,
                message -> message.messageId().equals(messageId))
                .orElseThrow(() -> MESSAGE_NOT_FOUND.broken("There is no message " + messageId
                        + " in this conversation."));
    }

    MessageEdited edit(Found found, EditMessage command) {
        if (redactedMessageIds.contains(command.messageId())) {
            throw MESSAGE_REDACTED.broken("A redacted message cannot be edited.");
        }
        Reason reason = Reason.of(command.reason());
        String text = MessageContent.text(command.text(), false);
        return new MessageEdited(command.conversationId(), command.messageId(), found.sequence(), text, reason.text(),
                command.actor());
    }

    /** Supervisors redact; open or closed, a conversation's messages can be redacted, each once. */
    @CommandHandler
    void handle(RedactMessage command, ConversationHistory history) {
        if (!command.actor().is(Role.SUPERVISOR)) {
            throw SUPERVISORS_ONLY.broken("Only a supervisor may redact a message.");
        }
        long sequence = existing(command.conversationId(), command.messageId(), history).sequence();
        Reason reason = Reason.of(command.reason());
        if (!reason.given()) {
            throw REDACTION_REASON_REQUIRED.broken("A redaction states its reason.");
        }
        if (redactedMessageIds.contains(command.messageId())) {
            throw MESSAGE_REDACTED.broken("The message is already redacted.");
        }
        apply(new MessageRedacted(command.conversationId(), command.messageId(), sequence, reason.text(),
                command.actor()));
    }

    /** Receipts only move forward: an older one is ignored, not refused, since they race on flaky networks. */
    Optional<MessagesSeen> seen(MarkSeen command, long lastSequence) {
        if (command.upToSequence() < 0 || command.upToSequence() > lastSequence) {
            throw SEEN_WITHIN_CONVERSATION.broken("A receipt names a sequence from 0 to " + lastSequence + ".");
        }
        Actor reader = command.actor();
        return command.upToSequence() > seenUpTo.getOrDefault(reader.toString(), -1L)
                ? Optional.of(new MessagesSeen(command.conversationId(), reader, command.upToSequence()))
                : Optional.empty();
    }

    /** The candidate that really is the message asked for: a shared hash is not a shared id. */
    private static Optional<Found> find(String conversationId, long[] candidates, ConversationHistory history,
                                        Predicate<MessageSent> wanted) {
        for (long sequence : candidates) {
            MessageSent message = history.messageAt(conversationId, sequence).orElseThrow(() ->
                    new IllegalStateException("Conversation " + conversationId + " indexes a message at sequence "
                            + sequence + " that its event stream does not have."));
            if (wanted.test(message)) {
                return Optional.of(new Found(sequence, message));
            }
        }
        return Optional.empty();
    }

    @EventSourcingHandler
    void on(MessageSent event, @SequenceNumber Long sequence) {
        index.add(sequence, idHash.applyAsLong(event.clientMessageId()), idHash.applyAsLong(event.messageId()));
    }

    @EventSourcingHandler
    void on(MessageRedacted event) {
        redactedMessageIds.add(event.messageId());
    }

    @EventSourcingHandler
    void on(MessagesSeen event) {
        seenUpTo.put(event.reader().toString(), event.upToSequence());
    }
}
