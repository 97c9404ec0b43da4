package livechat.command.conversation;

import livechat.command.conversation.ConversationCommand.AbandonReservation;
import livechat.command.conversation.ConversationCommand.AddDisputeEvidence;
import livechat.command.conversation.ConversationCommand.AssignAgent;
import livechat.command.conversation.ConversationCommand.CloseConversation;
import livechat.command.conversation.ConversationCommand.EditMessage;
import livechat.command.conversation.ConversationCommand.MarkSeen;
import livechat.command.conversation.ConversationCommand.OpenDispute;
import livechat.command.conversation.ConversationCommand.PrepareAssignment;
import livechat.command.conversation.ConversationCommand.RateConversation;
import livechat.command.conversation.ConversationCommand.RedactMessage;
import livechat.command.conversation.ConversationCommand.ReopenConversation;
import livechat.command.conversation.ConversationCommand.ResolveDispute;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.command.conversation.ConversationCommand.TagConversation;
import livechat.command.conversation.ConversationCommand.TransferConversation;
import livechat.command.conversation.ConversationCommand.UnassignAgent;
import livechat.command.conversation.ConversationCommand.UntagConversation;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.AgentUnassigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationReopened;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.ConversationTagged;
import livechat.events.conversation.ConversationEvent.ConversationTransferred;
import livechat.events.conversation.ConversationEvent.ConversationUntagged;
import livechat.events.conversation.ConversationEvent.DisputeEvidenceAdded;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.DisputeResolved;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageRedacted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.conversation.ConversationEvent.MessagesSeen;
import livechat.events.conversation.ConversationEvent.ReservationAbandoned;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

import static livechat.command.conversation.ConversationRule.AGENT_ALREADY_ASSIGNED;
import static livechat.command.conversation.ConversationRule.CLIENT_MESSAGE_ID_REQUIRED;
import static livechat.command.conversation.ConversationRule.CLIENT_MESSAGE_ID_REUSED;
import static livechat.command.conversation.ConversationRule.CONVERSATION_CLOSED;
import static livechat.command.conversation.ConversationRule.CONVERSATION_HAS_AGENT;
import static livechat.command.conversation.ConversationRule.CONVERSATION_OPEN;
import static livechat.command.conversation.ConversationRule.DISPUTE_NOT_FOUND;
import static livechat.command.conversation.ConversationRule.DISPUTE_OPEN;
import static livechat.command.conversation.ConversationRule.DISPUTE_OUTCOME;
import static livechat.command.conversation.ConversationRule.DISPUTE_PARTIES;
import static livechat.command.conversation.ConversationRule.DISPUTE_TEXT_LENGTH;
import static livechat.command.conversation.ConversationRule.EDIT_BY_AUTHOR_OR_SUPERVISOR;
import static livechat.command.conversation.ConversationRule.INTERNAL_NOTES_AGENTS_ONLY;
import static livechat.command.conversation.ConversationRule.MESSAGE_NOT_FOUND;
import static livechat.command.conversation.ConversationRule.MESSAGE_REDACTED;
import static livechat.command.conversation.ConversationRule.ONE_OPEN_DISPUTE;
import static livechat.command.conversation.ConversationRule.ONE_RATING_PER_PERIOD;
import static livechat.command.conversation.ConversationRule.ONLY_THE_VISITOR_RATES;
import static livechat.command.conversation.ConversationRule.ONLY_VISITORS_START;
import static livechat.command.conversation.ConversationRule.PARTICIPANTS_ONLY;
import static livechat.command.conversation.ConversationRule.RATING_AFTER_CLOSE;
import static livechat.command.conversation.ConversationRule.RATING_SCORE_RANGE;
import static livechat.command.conversation.ConversationRule.REASON_LENGTH;
import static livechat.command.conversation.ConversationRule.REDACTION_REASON_REQUIRED;
import static livechat.command.conversation.ConversationRule.RESERVATION_ABANDONED;
import static livechat.command.conversation.ConversationRule.SEEN_WITHIN_CONVERSATION;
import static livechat.command.conversation.ConversationRule.SUPERVISORS_ONLY;
import static livechat.command.conversation.ConversationRule.SUPERVISORS_RESOLVE_DISPUTES;
import static livechat.command.conversation.ConversationRule.TAGS_BY_AGENTS;
import static livechat.command.conversation.ConversationRule.TAG_FORMAT;
import static livechat.command.conversation.ConversationRule.TOPIC_LENGTH;
import static livechat.command.conversation.ConversationRule.TRANSFER_BY_ASSIGNEE_OR_SUPERVISOR;
import static livechat.command.conversation.ConversationRule.TRANSFER_NEEDS_AGENT;
import static livechat.command.conversation.ConversationRule.UNASSIGN_NEEDS_AGENT;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One chat between a visitor and the agents who serve it. Decides every change; the event log is its memory.
 * It guards its own invariants (one agent at a time, messages only from participants while open); an agent's
 * capacity is the {@code Agent} aggregate's to guard.
 */
public class Conversation {

    static final int MAX_TEXT_LENGTH = MessageContent.MAX_TEXT_LENGTH;
    static final int MAX_TOPIC_LENGTH = 200;
    static final int MAX_REASON_LENGTH = 500;
    static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 128;
    static final int MAX_COMMENT_LENGTH = 1000;
    static final Set<String> DISPUTE_OUTCOMES = Set.of("upheld", "rejected", "settled");
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    @AggregateIdentifier
    private String conversationId;
    private String visitorId;
    private String requiredSkill;
    private boolean open;
    private String assignedAgentId;
    private String reservationId;
    private String agentAtLastClose;
    private boolean ratedSinceLastClose;
    private String openDisputeId;
    private final Set<String> disputeIds = new HashSet<>();
    private final Set<String> abandonedReservations = new HashSet<>();
    private final Set<String> tags = new HashSet<>();
    private final Map<String, Long> seenUpTo = new HashMap<>();
    /**
     * Every message by hashes of its ids, so a resend is answered instead of written twice and an edit finds its
     * message; the events themselves (read through {@link ConversationHistory}) settle what a hash only suggests.
     */
    private final MessageIndex messages = new MessageIndex();
    /** Ids, not hashes: an event-sourcing handler cannot read the store to tell colliding ids apart; there are few. */
    private final Set<String> redactedMessageIds = new HashSet<>();
    private transient ToLongFunction<String> idHash = MessageIndex::hash;

    /** A message found by its id, at its sequence. */
    private record Found(long sequence, MessageSent message) {
    }

    protected Conversation() {
        // Axon rebuilds the aggregate from its events through this constructor.
    }

    /** With another hash of message ids, so tests can make ids collide. */
    Conversation(ToLongFunction<String> idHash) {
        this.idHash = idHash;
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
        String required = skill.isEmpty() ? null : skill;
        apply(new ConversationStarted(command.conversationId(), command.actor().id(), topic, required));
        apply(new ConversationQueued(command.conversationId(), required, "started"));
    }

    /**
     * A resend (same clientMessageId, author and text) is answered with the original message's id and sequence and
     * writes nothing; anything else reusing a clientMessageId is refused.
     */
    @CommandHandler
    public MessageAccepted handle(SendMessage command, ConversationHistory history) {
        Actor author = command.actor();
        String clientMessageId = command.clientMessageId();
        if (clientMessageId == null || clientMessageId.isBlank()
                || clientMessageId.length() > MAX_CLIENT_MESSAGE_ID_LENGTH) {
            throw CLIENT_MESSAGE_ID_REQUIRED.broken("Every message needs a clientMessageId of 1 to "
                    + MAX_CLIENT_MESSAGE_ID_LENGTH + " characters, so a resend is not written twice.");
        }
        Optional<Found> earlier = find(messages.withClientIdHash(idHash.applyAsLong(clientMessageId)), history,
                message -> message.clientMessageId().equals(clientMessageId));
        if (earlier.isPresent()) {
            MessageSent original = earlier.get().message();
            if (!original.author().equals(author) || !original.text().equals(trim(command.text()))) {
                throw CLIENT_MESSAGE_ID_REUSED.broken("clientMessageId '" + clientMessageId
                        + "' was already used for a different message in this conversation.");
            }
            return new MessageAccepted(original.messageId(), earlier.get().sequence(), true);
        }
        if (command.internal()) {
            if (!isAssignedAgent(author) && !author.is(Role.SUPERVISOR)) {
                throw INTERNAL_NOTES_AGENTS_ONLY.broken("Internal notes are written by the assigned agent or a "
                        + "supervisor; " + author + " is neither.");
            }
        } else if (!isParticipant(author)) {
            throw PARTICIPANTS_ONLY.broken("Only the conversation's visitor or the agent assigned to it can send "
                    + "messages; " + author + " is neither.");
        }
        requireOpen("messages are accepted only while it is open");
        MessageContent.attachments(command.attachments());
        String checkedText = MessageContent.text(command.text(), !command.attachments().isEmpty());
        apply(new MessageSent(conversationId, command.messageId(), clientMessageId, author, checkedText,
                command.internal(), command.attachments(), command.cannedResponseKey()));
        return new MessageAccepted(command.messageId(), AggregateLifecycle.getVersion(), false);
    }

    @CommandHandler
    public void handle(EditMessage command, ConversationHistory history) {
        Found found = existingMessage(command.messageId(), history);
        MessageSent message = found.message();
        Actor actor = command.actor();
        boolean supervisor = actor.is(Role.SUPERVISOR);
        if (!supervisor && !message.author().equals(actor)) {
            throw EDIT_BY_AUTHOR_OR_SUPERVISOR.broken("Only the message's author or a supervisor may edit it.");
        }
        if (!supervisor) {
            requireOpen("its messages can be edited only while it is open");
        }
        if (redactedMessageIds.contains(command.messageId())) {
            throw MESSAGE_REDACTED.broken("A redacted message cannot be edited.");
        }
        String reason = reason(command.reason());
        String text = MessageContent.text(command.text(), false);
        apply(new MessageEdited(conversationId, command.messageId(), found.sequence(), text, reason, actor));
    }

    @CommandHandler
    public void handle(RedactMessage command, ConversationHistory history) {
        if (!command.actor().is(Role.SUPERVISOR)) {
            throw SUPERVISORS_ONLY.broken("Only a supervisor may redact a message.");
        }
        long messageSequence = existingMessage(command.messageId(), history).sequence();
        String reason = reason(command.reason());
        if (reason == null) {
            throw REDACTION_REASON_REQUIRED.broken("A redaction states its reason.");
        }
        if (redactedMessageIds.contains(command.messageId())) {
            throw MESSAGE_REDACTED.broken("The message is already redacted.");
        }
        apply(new MessageRedacted(conversationId, command.messageId(), messageSequence, reason, command.actor()));
    }

    /** Receipts only move forward: an older one is ignored, not refused, since they race on flaky networks. */
    @CommandHandler
    public void handle(MarkSeen command) {
        Actor reader = command.actor();
        if (!isParticipant(reader)) {
            throw PARTICIPANTS_ONLY.broken("Only the visitor or the assigned agent sends read receipts.");
        }
        long last = AggregateLifecycle.getVersion();
        if (command.upToSequence() < 0 || command.upToSequence() > last) {
            throw SEEN_WITHIN_CONVERSATION.broken("A receipt names a sequence from 0 to " + last + ".");
        }
        if (command.upToSequence() > seenUpTo.getOrDefault(reader.toString(), -1L)) {
            apply(new MessagesSeen(conversationId, reader, command.upToSequence()));
        }
    }

    @CommandHandler
    public AssignmentPlan handle(PrepareAssignment command) {
        Actor actor = command.actor();
        requireOpen("only an open conversation gets an agent");
        if (command.transfer()) {
            requireTransferable(actor, command.agentId());
        } else {
            if (!actor.is(Role.SUPERVISOR) && !actor.is(Role.SYSTEM)) {
                throw SUPERVISORS_ONLY.broken("Agents are assigned by supervisors or by routing.");
            }
            requireUnassigned(command.agentId());
        }
        return new AssignmentPlan(conversationId, requiredSkill, assignedAgentId);
    }

    @CommandHandler
    public void handle(AssignAgent command) {
        requireOpen("only an open conversation gets an agent");
        requireUnassigned(command.agentId());
        requireLiveReservation(command.reservationId());
        apply(new AgentAssigned(conversationId, command.agentId(), command.reservationId(), command.actor()));
    }

    @CommandHandler
    public void handle(TransferConversation command) {
        requireOpen("only an open conversation is transferred");
        requireTransferable(command.actor(), command.toAgentId());
        requireLiveReservation(command.reservationId());
        apply(new ConversationTransferred(conversationId, assignedAgentId, command.toAgentId(),
                command.reservationId(), reason(command.reason()), command.actor()));
    }

    /** Answers the agent taken off, whose seat is now free. */
    @CommandHandler
    public String handle(UnassignAgent command) {
        if (!command.actor().is(Role.SUPERVISOR)) {
            throw SUPERVISORS_ONLY.broken("Only a supervisor takes an agent off a conversation.");
        }
        requireOpen("only an open conversation has an agent");
        if (assignedAgentId == null) {
            throw UNASSIGN_NEEDS_AGENT.broken("The conversation has no agent to take off.");
        }
        String agent = assignedAgentId;
        apply(new AgentUnassigned(conversationId, agent, reason(command.reason()), command.actor()));
        apply(new ConversationQueued(conversationId, requiredSkill, "unassigned"));
        return agent;
    }

    /**
     * Fences a reservation off: afterwards this conversation refuses it, so giving the agent's seat back cannot race
     * with an assigner that is still on its way.
     */
    @CommandHandler
    public boolean handle(AbandonReservation command) {
        if (command.reservationId().equals(reservationId)) {
            return false;
        }
        if (!abandonedReservations.contains(command.reservationId())) {
            apply(new ReservationAbandoned(conversationId, command.agentId(), command.reservationId()));
        }
        return true;
    }

    /** Answers the agent who held the conversation at the close, whose seat is now free (null if none). */
    @CommandHandler
    public String handle(CloseConversation command) {
        Actor actor = command.actor();
        if (!isParticipant(actor) && !actor.is(Role.SUPERVISOR)) {
            throw PARTICIPANTS_ONLY.broken("Only the conversation's visitor, its assigned agent or a supervisor "
                    + "can close it; " + actor + " is none of these.");
        }
        if (!open) {
            throw CONVERSATION_OPEN.broken("The conversation is already closed.");
        }
        String agent = assignedAgentId;
        apply(new ConversationClosed(conversationId, actor, reason(command.reason()), agent));
        return agent;
    }

    @CommandHandler
    public void handle(ReopenConversation command) {
        Actor actor = command.actor();
        boolean visitor = actor.is(Role.VISITOR) && actor.id().equals(visitorId);
        boolean lastAgent = actor.is(Role.AGENT) && actor.id().equals(agentAtLastClose);
        if (!visitor && !lastAgent && !actor.is(Role.SUPERVISOR)) {
            throw PARTICIPANTS_ONLY.broken("Only the visitor, the agent who had it at the close or a supervisor "
                    + "reopens a conversation.");
        }
        if (open) {
            throw CONVERSATION_CLOSED.broken("The conversation is open; only a closed one can be reopened.");
        }
        apply(new ConversationReopened(conversationId, actor, reason(command.reason())));
        apply(new ConversationQueued(conversationId, requiredSkill, "reopened"));
    }

    @CommandHandler
    public void handle(RateConversation command) {
        Actor actor = command.actor();
        if (!actor.is(Role.VISITOR) || !actor.id().equals(visitorId)) {
            throw ONLY_THE_VISITOR_RATES.broken("Only the conversation's visitor rates it.");
        }
        if (open) {
            throw RATING_AFTER_CLOSE.broken("A conversation is rated after it is closed.");
        }
        if (ratedSinceLastClose) {
            throw ONE_RATING_PER_PERIOD.broken("This conversation was already rated since it was last closed.");
        }
        if (command.score() < 1 || command.score() > 5) {
            throw RATING_SCORE_RANGE.broken("A rating is a score from 1 to 5.");
        }
        String comment = trim(command.comment());
        if (comment.length() > MAX_COMMENT_LENGTH) {
            throw REASON_LENGTH.broken("A rating comment is at most " + MAX_COMMENT_LENGTH + " characters.");
        }
        apply(new ConversationRated(conversationId, command.score(), comment.isEmpty() ? null : comment,
                agentAtLastClose));
    }

    @CommandHandler
    public void handle(TagConversation command) {
        String tag = tag(command.actor(), command.tag());
        if (!tags.contains(tag)) {
            apply(new ConversationTagged(conversationId, tag, command.actor()));
        }
    }

    @CommandHandler
    public void handle(UntagConversation command) {
        String tag = tag(command.actor(), command.tag());
        if (tags.contains(tag)) {
            apply(new ConversationUntagged(conversationId, tag, command.actor()));
        }
    }

    @CommandHandler
    public void handle(OpenDispute command) {
        requireDisputeParty(command.actor());
        if (openDisputeId != null) {
            throw ONE_OPEN_DISPUTE.broken("Dispute " + openDisputeId + " is still open on this conversation.");
        }
        if (disputeIds.contains(command.disputeId())) {
            throw ONE_OPEN_DISPUTE.broken("Dispute " + command.disputeId() + " already exists.");
        }
        apply(new DisputeOpened(conversationId, command.disputeId(), disputeText(command.reason()), command.actor()));
    }

    @CommandHandler
    public void handle(AddDisputeEvidence command) {
        requireDisputeParty(command.actor());
        requireOpenDispute(command.disputeId());
        apply(new DisputeEvidenceAdded(conversationId, command.disputeId(), disputeText(command.note()),
                command.actor()));
    }

    @CommandHandler
    public void handle(ResolveDispute command) {
        if (!command.actor().is(Role.SUPERVISOR)) {
            throw SUPERVISORS_RESOLVE_DISPUTES.broken("Only a supervisor resolves a dispute.");
        }
        requireOpenDispute(command.disputeId());
        String outcome = trim(command.outcome());
        if (!DISPUTE_OUTCOMES.contains(outcome)) {
            throw DISPUTE_OUTCOME.broken("A dispute's outcome is one of " + DISPUTE_OUTCOMES.stream().sorted()
                    .toList() + ".");
        }
        String note = trim(command.note());
        if (note.length() > MessageContent.MAX_TEXT_LENGTH) {
            throw DISPUTE_TEXT_LENGTH.broken("A resolution note is at most 4000 characters.");
        }
        apply(new DisputeResolved(conversationId, command.disputeId(), outcome, note.isEmpty() ? null : note,
                command.actor()));
    }

    private boolean isParticipant(Actor actor) {
        return (actor.is(Role.VISITOR) && actor.id().equals(visitorId)) || isAssignedAgent(actor);
    }

    private boolean isAssignedAgent(Actor actor) {
        return actor.is(Role.AGENT) && actor.id().equals(assignedAgentId);
    }

    private void requireOpen(String why) {
        if (!open) {
            throw CONVERSATION_OPEN.broken("The conversation is closed; " + why + ".");
        }
    }

    private void requireUnassigned(String agentId) {
        if (agentId.equals(assignedAgentId)) {
            throw AGENT_ALREADY_ASSIGNED.broken("Agent " + agentId + " already has this conversation.");
        }
        if (assignedAgentId != null) {
            throw CONVERSATION_HAS_AGENT.broken("The conversation already has agent " + assignedAgentId
                    + "; transfer it instead.");
        }
    }

    private void requireTransferable(Actor actor, String toAgentId) {
        if (assignedAgentId == null) {
            throw TRANSFER_NEEDS_AGENT.broken("Only a conversation with an agent is transferred; assign one instead.");
        }
        if (!isAssignedAgent(actor) && !actor.is(Role.SUPERVISOR)) {
            throw TRANSFER_BY_ASSIGNEE_OR_SUPERVISOR.broken("Only the assigned agent or a supervisor transfers it.");
        }
        if (toAgentId.equals(assignedAgentId)) {
            throw AGENT_ALREADY_ASSIGNED.broken("Agent " + toAgentId + " already has this conversation.");
        }
    }

    private void requireLiveReservation(String reservation) {
        if (abandonedReservations.contains(reservation)) {
            throw RESERVATION_ABANDONED.broken("The agent's reservation for this conversation was given up; "
                    + "try the assignment again.");
        }
    }

    private Found existingMessage(String messageId, ConversationHistory history) {
        return find(messages.withMessageIdHash(idHash.applyAsLong(messageId)), history,
                message -> message.messageId().equals(messageId))
                .orElseThrow(() -> MESSAGE_NOT_FOUND.broken("There is no message " + messageId
                        + " in this conversation."));
    }

    /** The candidate that really is the message asked for: a shared hash is not a shared id. */
    private Optional<Found> find(long[] candidates, ConversationHistory history, Predicate<MessageSent> wanted) {
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

    private void requireDisputeParty(Actor actor) {
        boolean visitor = actor.is(Role.VISITOR) && actor.id().equals(visitorId);
        if (!visitor && !actor.is(Role.AGENT) && !actor.is(Role.SUPERVISOR)) {
            throw DISPUTE_PARTIES.broken("Disputes are opened and argued by the visitor, agents or supervisors.");
        }
    }

    private void requireOpenDispute(String disputeId) {
        if (!disputeIds.contains(disputeId)) {
            throw DISPUTE_NOT_FOUND.broken("There is no dispute " + disputeId + " on this conversation.");
        }
        if (!disputeId.equals(openDisputeId)) {
            throw DISPUTE_OPEN.broken("Dispute " + disputeId + " is already resolved.");
        }
    }

    private String tag(Actor actor, String tag) {
        if (!actor.is(Role.AGENT) && !actor.is(Role.SUPERVISOR)) {
            throw TAGS_BY_AGENTS.broken("Conversations are tagged by agents and supervisors.");
        }
        String normalized = trim(tag);
        if (!TAG.matcher(normalized).matches()) {
            throw TAG_FORMAT.broken("A tag is 1 to 40 lowercase letters, digits or '-', starting with a letter "
                    + "or digit.");
        }
        return normalized;
    }

    private static String disputeText(String text) {
        String trimmed = trim(text);
        if (trimmed.isEmpty() || trimmed.length() > MessageContent.MAX_TEXT_LENGTH) {
            throw DISPUTE_TEXT_LENGTH.broken("A dispute's reason or evidence note is 1 to 4000 characters.");
        }
        return trimmed;
    }

    /** A reason is optional; when given it is at most 500 characters. */
    private static String reason(String reason) {
        String trimmed = trim(reason);
        if (trimmed.length() > MAX_REASON_LENGTH) {
            throw REASON_LENGTH.broken("A reason is at most " + MAX_REASON_LENGTH + " characters.");
        }
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    @EventSourcingHandler
    void on(ConversationStarted event) {
        conversationId = event.conversationId();
        visitorId = event.visitorId();
        requiredSkill = event.requiredSkill();
        open = true;
    }

    @EventSourcingHandler
    void on(AgentAssigned event) {
        assignedAgentId = event.agentId();
        reservationId = event.reservationId();
    }

    @EventSourcingHandler
    void on(ConversationTransferred event) {
        assignedAgentId = event.toAgentId();
        reservationId = event.reservationId();
    }

    @EventSourcingHandler
    void on(AgentUnassigned event) {
        assignedAgentId = null;
        reservationId = null;
    }

    @EventSourcingHandler
    void on(ReservationAbandoned event) {
        abandonedReservations.add(event.reservationId());
    }

    @EventSourcingHandler
    void on(MessageSent event, @SequenceNumber Long sequence) {
        messages.add(sequence, idHash.applyAsLong(event.clientMessageId()), idHash.applyAsLong(event.messageId()));
    }

    @EventSourcingHandler
    void on(MessageRedacted event) {
        redactedMessageIds.add(event.messageId());
    }

    @EventSourcingHandler
    void on(MessagesSeen event) {
        seenUpTo.put(event.reader().toString(), event.upToSequence());
    }

    @EventSourcingHandler
    void on(ConversationClosed event) {
        open = false;
        agentAtLastClose = event.agentId();
        assignedAgentId = null;
        reservationId = null;
        ratedSinceLastClose = false;
    }

    @EventSourcingHandler
    void on(ConversationReopened event) {
        open = true;
    }

    @EventSourcingHandler
    void on(ConversationRated event) {
        ratedSinceLastClose = true;
    }

    @EventSourcingHandler
    void on(ConversationTagged event) {
        tags.add(event.tag());
    }

    @EventSourcingHandler
    void on(ConversationUntagged event) {
        tags.remove(event.tag());
    }

    @EventSourcingHandler
    void on(DisputeOpened event) {
        disputeIds.add(event.disputeId());
        openDisputeId = event.disputeId();
    }

    @EventSourcingHandler
    void on(DisputeResolved event) {
        openDisputeId = null;
    }
}
