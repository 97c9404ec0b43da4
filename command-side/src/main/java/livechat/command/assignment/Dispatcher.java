package livechat.command.assignment;

import livechat.command.RuleViolation;
import livechat.command.agent.AgentCommand.ReleaseAgent;
import livechat.command.conversation.ConversationCommand.AbandonReservation;
import livechat.command.conversation.ConversationRule;
import livechat.command.conversation.ReservationFence;
import livechat.events.Actor;
import livechat.events.agent.AgentEvent.AgentCapacityChanged;
import livechat.events.agent.AgentEvent.AgentRegistered;
import livechat.events.agent.AgentEvent.AgentReleased;
import livechat.events.agent.AgentEvent.AgentReserved;
import livechat.events.agent.AgentEvent.AgentSkillsChanged;
import livechat.events.agent.AgentEvent.AgentStatusChanged;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.AgentUnassigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationTransferred;
import livechat.events.conversation.ConversationEvent.ReservationAbandoned;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Routes waiting conversations to agents and keeps agents' seats true to the conversations they hold.
 * <p>
 * It follows the event log in its own processor, whose position is stored together with the {@link Roster} as it
 * stood there ({@link #snapshot()}, {@link #restore}): a start reads only the log after it, acting on nothing until
 * it has caught up; then it releases seats left held by an interrupted move, assigns what waits, and from then on
 * reacts to each event, until its processor lets go of the log (on a node that lost the dispatcher's lease). All its
 * actions run one at a time on a single thread, so the queue is served first in, first out.
 */
@ProcessingGroup(Dispatcher.PROCESSING_GROUP)
public class Dispatcher implements AutoCloseable {

    public static final String PROCESSING_GROUP = "dispatcher";
    static final Actor ROUTING = Actor.system("routing");
    /** Refusals saying the conversation no longer waits; any other refusal is about the agent tried. */
    private static final Set<ConversationRule> CONVERSATION_REFUSALS = EnumSet.of(ConversationRule.CONVERSATION_OPEN,
            ConversationRule.CONVERSATION_HAS_AGENT, ConversationRule.AGENT_ALREADY_ASSIGNED);
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Roster roster = new Roster();
    private final Assignments assignments;
    private final CommandGateway commands;
    private final Clock clock;
    private final BooleanSupplier processorCaughtUp;
    private final Settings settings;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "dispatcher"));
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean live;

    /**
     * @param automaticRouting   off: conversations wait for a supervisor to assign them; seats are still kept true
     *                           to the conversations held
     * @param reservationTimeout how long a reservation may stay unused before it counts as left behind by an
     *                           assigner that was interrupted; far longer than any assignment takes
     */
    public record Settings(boolean automaticRouting, Duration reservationTimeout) {
    }

    public Dispatcher(Assignments assignments, CommandGateway commands, Clock clock,
                      BooleanSupplier processorCaughtUp, Settings settings) {
        this.assignments = assignments;
        this.commands = commands;
        this.clock = clock;
        this.processorCaughtUp = processorCaughtUp;
        this.settings = settings;
        worker.scheduleWithFixedDelay(this::housekeeping, 200, 1000, TimeUnit.MILLISECONDS);
    }

    /**
     * What the dispatcher knows, as of the last event its processor handled: taken on the processor's thread when it
     * stores its position, it is the picture that position stands for.
     */
    public RosterSnapshot snapshot() {
        return roster.snapshot();
    }

    /** Starts from a {@link #snapshot()}, before the processor handles the events after its position. */
    public void restore(RosterSnapshot snapshot) {
        roster.restore(snapshot);
    }

    @EventHandler
    void on(AgentRegistered event) {
        roster.registered(event.agentId(), event.skills(), event.capacity());
    }

    @EventHandler
    void on(AgentSkillsChanged event) {
        roster.skills(event.agentId(), event.skills());
        drainSoon();
    }

    @EventHandler
    void on(AgentCapacityChanged event) {
        roster.capacity(event.agentId(), event.capacity());
        drainSoon();
    }

    @EventHandler
    void on(AgentStatusChanged event, @Timestamp Instant at) {
        roster.status(event.agentId(), event.status(), at);
        drainSoon();
    }

    @EventHandler
    void on(AgentReserved event, @Timestamp Instant at) {
        roster.reserved(event.agentId(), event.conversationId(), event.reservationId(), at);
    }

    @EventHandler
    void on(AgentReleased event, @Timestamp Instant at) {
        roster.released(event.agentId(), event.conversationId(), at);
        drainSoon();
    }

    @EventHandler
    void on(ConversationQueued event) {
        roster.queued(event.conversationId(), event.requiredSkill());
        drainSoon();
    }

    @EventHandler
    void on(AgentAssigned event) {
        roster.assigned(event.conversationId(), event.agentId(), event.reservationId());
    }

    @EventHandler
    void on(ConversationTransferred event) {
        roster.assigned(event.conversationId(), event.toAgentId(), event.reservationId());
        releaseSoon(event.fromAgentId(), event.conversationId(), "transferred");
    }

    @EventHandler
    void on(AgentUnassigned event) {
        roster.unassigned(event.conversationId());
        releaseSoon(event.agentId(), event.conversationId(), "unassigned");
    }

    @EventHandler
    void on(ConversationClosed event) {
        roster.closed(event.conversationId());
        if (event.agentId() != null) {
            releaseSoon(event.agentId(), event.conversationId(), "closed");
        }
    }

    @EventHandler
    void on(ReservationAbandoned event) {
        roster.abandoned(event.reservationId());
    }

    private void drainSoon() {
        if (live && settings.automaticRouting() && drainScheduled.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    /** Usually the assigner already released the seat; this covers an assigner that stopped before it could. */
    private void releaseSoon(String agentId, String conversationId, String reason) {
        if (live) {
            worker.execute(() -> release(agentId, conversationId, reason));
        }
    }

    private void housekeeping() {
        try {
            boolean caughtUp = processorCaughtUp.getAsBoolean();
            if (live && !caughtUp) {
                // The processor let go of its segment: another node's dispatcher routes now (see the lease).
                live = false;
                log.info("Dispatcher no longer follows the event log here; routing stands by");
                return;
            }
            if (!live && caughtUp) {
                roster.seatsHeldInVain().forEach(seat -> release(seat.agentId(), seat.conversationId(), "reconciled"));
                live = true;
                log.info("Dispatcher caught up with the event log; routing is live");
                drainSoon();
            }
            if (live) {
                abandonStaleReservations();
                drainSoon();
            }
        } catch (RuntimeException e) {
            log.warn("Dispatcher housekeeping failed; trying again shortly", e);
        }
    }

    private void abandonStaleReservations() {
        roster.staleReservations(clock.instant().minus(settings.reservationTimeout()))
                .forEach((reservationId, reservation) -> {
                    boolean voided;
                    try {
                        ReservationFence fence = commands.sendAndWait(new AbandonReservation(
                                reservation.conversationId(), ROUTING, reservation.agentId(), reservationId));
                        voided = fence.abandoned();
                    } catch (AggregateNotFoundException noSuchConversation) {
                        voided = true;
                    }
                    roster.abandoned(reservationId);
                    if (voided) {
                        release(reservation.agentId(), reservation.conversationId(), "reservation abandoned");
                    }
                });
    }

    /** Serves waiting conversations in the order they began to wait, each to the best agent who accepts it. */
    private void drain() {
        drainScheduled.set(false);
        for (RosterSnapshot.Waiting waiting : roster.waiting()) {
            for (String agentId : roster.candidates(waiting.requiredSkill())) {
                if (!roster.isWaiting(waiting.conversationId()) || tryAssign(waiting.conversationId(), agentId)) {
                    break;
                }
            }
        }
    }

    private boolean tryAssign(String conversationId, String agentId) {
        try {
            String reservationId = assignments.assign(conversationId, agentId, ROUTING);
            // The events will say the same; recording it now keeps the rest of this pass from overloading the agent.
            roster.reserved(agentId, conversationId, reservationId, clock.instant());
            roster.assigned(conversationId, agentId, reservationId);
            return true;
        } catch (RuleViolation refused) {
            if (CONVERSATION_REFUSALS.contains(refused.rule())) {
                roster.closed(conversationId);
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            log.warn("Routing conversation {} to agent {} failed; it stays queued", conversationId, agentId, e);
            return true;
        }
    }

    private void release(String agentId, String conversationId, String reason) {
        try {
            commands.sendAndWait(new ReleaseAgent(agentId, ROUTING, conversationId, reason));
        } catch (RuntimeException e) {
            log.warn("Could not release agent {} from conversation {}; will retry at the next start", agentId,
                    conversationId, e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
