package livechat.command.assignment;

import livechat.command.ChatAggregates;
import livechat.command.RuleViolation;
import livechat.command.agent.AgentCommand.RegisterAgent;
import livechat.command.agent.AgentCommand.ReserveAgent;
import livechat.command.agent.AgentCommand.SetAgentStatus;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.events.Actor;
import livechat.events.AgentStatus;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Routing against the real aggregates on an in-memory event store, with the dispatcher following the log as it is
 * written. Reservations never go stale here, so nothing but routing itself moves a conversation.
 */
class DispatcherTest {

    private static final Actor SUPERVISOR = Actor.parse("supervisor:s-1");
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final Queue<ReserveAgent> refusedReservations = new ConcurrentLinkedQueue<>();
    private Configuration axon;
    private Dispatcher dispatcher;

    @BeforeEach
    void start() {
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine());
        ChatAggregates.register(configurer, 100, Runnable::run);
        configurer.eventProcessing()
                .usingSubscribingEventProcessors()
                .registerEventHandler(c -> dispatcher = new Dispatcher(new Assignments(c.commandGateway()),
                        c.commandGateway(), Clock.systemUTC(), () -> true,
                        new Dispatcher.Settings(true, Duration.ofHours(1))));
        axon = configurer.start();
        axon.commandBus().registerHandlerInterceptor(recordingRefusedReservations());
    }

    @AfterEach
    void stop() {
        dispatcher.close();
        axon.shutdown();
    }

    private MessageHandlerInterceptor<CommandMessage<?>> recordingRefusedReservations() {
        return (unitOfWork, chain) -> {
            try {
                return chain.proceed();
            } catch (RuleViolation refused) {
                if (unitOfWork.getMessage().getPayload() instanceof ReserveAgent reserve) {
                    refusedReservations.add(reserve);
                }
                throw refused;
            }
        };
    }

    private void agent(String agentId, AgentStatus status) {
        axon.commandGateway().sendAndWait(new RegisterAgent(agentId, SUPERVISOR, agentId, Set.of(), 2));
        axon.commandGateway().sendAndWait(new SetAgentStatus(agentId, SUPERVISOR, status));
    }

    private List<String> agentsAssignedTo(String conversationId) {
        return axon.eventStore().readEvents(conversationId).asStream().map(EventMessage::getPayload)
                .filter(AgentAssigned.class::isInstance).map(AgentAssigned.class::cast)
                .map(AgentAssigned::agentId).toList();
    }

    /**
     * Ada already holds a seat for the conversation under a reservation an interrupted assigner left behind, so her
     * own aggregate refuses another one. That says nothing about the conversation, which keeps waiting and goes to
     * the next agent who can take it.
     */
    @Test
    void anAgentRefusingAWaitingConversationLeavesItQueued() {
        agent("ada", AgentStatus.ONLINE);
        agent("bob", AgentStatus.OFFLINE);
        axon.commandGateway().sendAndWait(new ReserveAgent("ada", Dispatcher.ROUTING, "c-1", "r-left-behind", null));
        axon.commandGateway().sendAndWait(new StartConversation("c-1", VISITOR, "Help", null));
        await().atMost(PATIENCE).until(() -> refusedReservations.stream()
                .anyMatch(refused -> refused.agentId().equals("ada") && refused.conversationId().equals("c-1")));

        axon.commandGateway().sendAndWait(new SetAgentStatus("bob", SUPERVISOR, AgentStatus.ONLINE));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(agentsAssignedTo("c-1")).containsExactly("bob"));
    }

    /** What a restarted dispatcher starts from: the picture it kept, whole. */
    @Test
    void aRestoredDispatcherKnowsWhatTheOneItsSnapshotCameFromKnew() {
        agent("ada", AgentStatus.OFFLINE);
        agent("bob", AgentStatus.ONLINE);
        axon.commandGateway().sendAndWait(new StartConversation("c-1", VISITOR, "Help", null));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(agentsAssignedTo("c-1")).containsExactly("bob"));
        axon.commandGateway().sendAndWait(new SetAgentStatus("bob", SUPERVISOR, AgentStatus.OFFLINE));
        axon.commandGateway().sendAndWait(new StartConversation("c-2", VISITOR, "Waiting", null));
        RosterSnapshot snapshot = dispatcher.snapshot();
        assertThat(snapshot.queue()).extracting(RosterSnapshot.Waiting::conversationId).containsExactly("c-2");

        try (Dispatcher restored = new Dispatcher(new Assignments(axon.commandGateway()), axon.commandGateway(),
                Clock.systemUTC(), () -> false, new Dispatcher.Settings(true, Duration.ofHours(1)))) {
            restored.restore(snapshot);
            RosterSnapshot again = restored.snapshot();
            assertThat(again.agents()).containsExactlyInAnyOrderElementsOf(snapshot.agents());
            assertThat(again.queue()).isEqualTo(snapshot.queue());
            assertThat(again.assignedTo()).isEqualTo(snapshot.assignedTo());
            assertThat(again.pending()).isEqualTo(snapshot.pending());
        }
    }
}
