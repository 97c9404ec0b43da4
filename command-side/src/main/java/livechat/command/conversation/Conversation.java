package livechat.command.conversation;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import livechat.command.conversation.ConversationCommand.AddDisputeEvidence;
import livechat.command.conversation.ConversationCommand.AssignAgent;
import livechat.command.conversation.ConversationCommand.CloseConversation;
import livechat.command.conversation.ConversationCommand.EditMessage;
import livechat.command.conversation.ConversationCommand.MarkSeen;
import livechat.command.conversation.ConversationCommand.OpenDispute;
import livechat.command.conversation.ConversationCommand.PrepareAssignment;
import livechat.command.conversation.ConversationCommand.RateConversation;
import livechat.command.conversation.ConversationCommand.ReopenConversation;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.command.conversation.ConversationCommand.TransferConversation;
import livechat.command.conversation.ConversationCommand.UnassignAgent;
import livechat.command.agent.Skill;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.AgentUnassigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationReopened;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateMember;

import java.util.Optional;
import java.util.function.ToLongFunction;

import static livechat.command.conversation.ConversationRule.CONVERSATION_CLOSED;
import static livechat.command.conversation.ConversationRule.CONVERSATION_OPEN;
import static livechat.command.conversation.ConversationRule.EDIT_BY_AUTHOR_OR_SUPERVISOR;
import static livechat.command.conversation.ConversationRule.ONE_RATING_PER_PERIOD;
import static livechat.command.conversation.ConversationRule.ONLY_VISITORS_START;
import static livechat.command.conversation.ConversationRule.RATING_AFTER_CLOSE;
import static livechat.command.conversation.ConversationRule.SUPERVISORS_ONLY;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One chat between a visitor and the agents who serve it. Decides every change; the event log is its memory.
 * It guards its own invariants (one agent at a time, messages only from participants while open); an agent's
 * capacity is the {@code Agent} aggregate's to guard.
 * <p>
 * Its members each keep the state of one concern and check the rules on it: the agent {@link Seat}, the
 * {@link Messages}, the {@link Disputes}, the {@link Tags} and the {@link LegalHold}. Axon sources each member from the events it handles
 * and routes to it the commands that concern it alone; the commands whose rules also ask who takes part
 * ({@link Participants}) or whether the conversation is open are handled here, with the members' help. A snapshot
 * holds the members' fields next to the conversation's own, in one flat object.
 */
public class Conversation {

    @AggregateIdentifier
    private String conversationId;
    private String visitorId;
    private String requiredSkill;
    private boolean open;
    private boolean ratedSinceLastClose;
    @AggregateMember
    @JsonUnwrapped
    private final Seat seat = new Seat();
    @AggregateMember
    @JsonUnwrapped
    private final Messages messages;
    @AggregateMember
    @JsonUnwrapped
    private final Disputes disputes = new Disputes();
    @AggregateMember
    @JsonUnwrapped
    private final Tags tags = new Tags();
    @AggregateMember
    @JsonUnwrapped
    private final LegalHold legalHold = new LegalHold();

    protected Conversation() {
        // Axon rebuilds the aggregate from its events through this constructor.
        this(MessageIndex::hash);
    }

    /** With another hash of message ids, so tests can make ids collide. */
    Conversation(ToLongFunction<String> idHash) {
        messages = new Messages(idHash);
    }

    @CommandHandler
    public Conversation(StartConversation command) {
        this();
        if (!command.actor().is(Role.VISITOR)) {
            throw ONLY_VISITORS_START.broken("Only a visitor can start a conversation, not a "
                    + command.actor().role().wireName() + ".");
        }
        Topic topic = Topic.of(command.topic());
        String required = Skill.requiredOrNull(command.requiredSkill());
        apply(new ConversationStarted(command.conversationId(), command.actor().id(), topic.text(), required));
        apply(new ConversationQueued(command.conversationId(), required, "started"));
    }

    /**
     * A resend (same clientMessageId, author and text) is answered with the original message's id and sequence and
     * writes nothing; anything else reusing a clientMessageId is refused.
     */
    @CommandHandler
    public MessageAccepted handle(SendMessage command, ConversationHistory history) {
        ClientMessageId clientMessageId = ClientMessageId.of(command.clientMessageId());
        Optional<MessageAccepted> resend = messages.resend(clientMessageId, command, history);
        if (resend.isPresent()) {
            return resend.get();
        }
        participants().requireWriter(command.actor(), command.internal());
        requireOpen("messages are accepted only while it is open");
        apply(messages.send(clientMessageId, command));
        return new MessageAccepted(command.messageId(), AggregateLifecycle.getVersion(), false);
    }

    @CommandHandler
    public void handle(EditMessage command, ConversationHistory history) {
        Messages.Found found = messages.existing(conversationId, command.messageId(), history);
        boolean supervisor = command.actor().is(Role.SUPERVISOR);
        if (!supervisor && !found.message().author().equals(command.actor())) {
            throw EDIT_BY_AUTHOR_OR_SUPERVISOR.broken("Only the message's author or a supervisor may edit it.");
        }
        if (!supervisor) {
            requireOpen("its messages can be edited only while it is open");
        }
        apply(messages.edit(found, command));
    }

    @CommandHandler
    public void handle(MarkSeen command) {
        participants().requireReader(command.actor());
        messages.seen(command, AggregateLifecycle.getVersion()).ifPresent(AggregateLifecycle::apply);
    }

    @CommandHandler
    public AssignmentPlan handle(PrepareAssignment command) {
        requireOpen("only an open conversation gets an agent");
        if (command.transfer()) {
            seat.requireTransferable(command.actor(), command.agentId());
        } else {
            seat.requireAssignable(command.actor(), command.agentId());
        }
        return new AssignmentPlan(conversationId, requiredSkill, seat.holder());
    }

    @CommandHandler
    public void handle(AssignAgent command) {
        requireOpen("only an open conversation gets an agent");
        apply(seat.assign(command));
    }

    @CommandHandler
    public void handle(TransferConversation command) {
        requireOpen("only an open conversation is transferred");
        apply(seat.transfer(command));
    }

    @CommandHandler
    public SeatFreed handle(UnassignAgent command) {
        if (!command.actor().is(Role.SUPERVISOR)) {
            throw SUPERVISORS_ONLY.broken("Only a supervisor takes an agent off a conversation.");
        }
        requireOpen("only an open conversation has an agent");
        AgentUnassigned unassigned = seat.unassign(command);
        apply(unassigned);
        apply(new ConversationQueued(conversationId, requiredSkill, "unassigned"));
        return new SeatFreed(unassigned.agentId());
    }

    @CommandHandler
    public SeatFreed handle(CloseConversation command) {
        participants().requireCloser(command.actor());
        if (!open) {
            throw CONVERSATION_OPEN.broken("The conversation is already closed.");
        }
        SeatFreed freed = new SeatFreed(seat.holder());
        apply(new ConversationClosed(conversationId, command.actor(), Reason.of(command.reason()).text(),
                freed.agentId()));
        return freed;
    }

    @CommandHandler
    public void handle(ReopenConversation command) {
        participants().requireReopener(command.actor());
        if (open) {
            throw CONVERSATION_CLOSED.broken("The conversation is open; only a closed one can be reopened.");
        }
        apply(new ConversationReopened(conversationId, command.actor(), Reason.of(command.reason()).text()));
        apply(new ConversationQueued(conversationId, requiredSkill, "reopened"));
    }

    @CommandHandler
    public void handle(RateConversation command) {
        participants().requireRater(command.actor());
        if (open) {
            throw RATING_AFTER_CLOSE.broken("A conversation is rated after it is closed.");
        }
        if (ratedSinceLastClose) {
            throw ONE_RATING_PER_PERIOD.broken("This conversation was already rated since it was last closed.");
        }
        Rating rating = Rating.of(command.score(), command.comment());
        apply(new ConversationRated(conversationId, rating.score(), rating.comment(), seat.holderAtLastClose()));
    }

    @CommandHandler
    public void handle(OpenDispute command) {
        apply(disputes.open(command, participants().isVisitor(command.actor())));
    }

    @CommandHandler
    public void handle(AddDisputeEvidence command) {
        apply(disputes.addEvidence(command, participants().isVisitor(command.actor())));
    }

    private Participants participants() {
        return new Participants(visitorId, seat);
    }

    private void requireOpen(String why) {
        if (!open) {
            throw CONVERSATION_OPEN.broken("The conversation is closed; " + why + ".");
        }
    }

    @EventSourcingHandler
    void on(ConversationStarted event) {
        conversationId = event.conversationId();
        visitorId = event.visitorId();
        requiredSkill = event.requiredSkill();
        open = true;
    }

    @EventSourcingHandler
    void on(ConversationClosed event) {
        open = false;
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
}
