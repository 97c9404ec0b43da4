package livechat.api;

import livechat.events.agent.AgentEvent.AgentReleased;
import livechat.events.agent.AgentEvent.AgentReserved;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.AgentUnassigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationTransferred;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static livechat.api.ChatClient.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many assignments and transfers fired at one agent at the same moment, over HTTP from real threads: the event log
 * afterwards never shows the agent with more open conversations than its capacity, nor a conversation with two
 * agents, and every refused request was a clean 409. Automatic routing is off, so every assignment is one the
 * test fires. Runs on the embedded store here and on KurrentDB in {@code KurrentAssignmentConcurrencyTest}, where
 * the two aggregates' streams cannot be appended atomically.
 */
@ServerTest(settings = "--livechat.routing.automatic=false", perTest = true)
class AssignmentConcurrencyTest {

    private static final int CAPACITY = 3;
    private static final String TARGET = "target";

    private LivechatServer server;

    @BeforeEach
    void connect(LivechatServer server) {
        this.server = server;
    }

    @Test
    void capacityHoldsUnderConcurrentAssignmentsAndTransfers(ChatClient chat) throws Exception {
        chat.agent(TARGET, List.of(), CAPACITY, "ONLINE");
        List<String> unassigned = new ArrayList<>();
        List<String> heldElsewhere = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            unassigned.add(chat.startConversation("visitor:u-" + i, "Unassigned " + i, ""));
        }
        for (int i = 0; i < 8; i++) {
            String agent = "other-" + i;
            chat.agent(agent, List.of(), 2, "ONLINE");
            String id = chat.startConversation("visitor:h-" + i, "Held " + i, "");
            chat.assign(id, agent).expectStatus().isOk();
            heldElsewhere.add(id);
        }

        List<Integer> statuses = fireAtOnce(unassigned, heldElsewhere);
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(CAPACITY);
        assertInvariants();

        // Free the seats while a second wave arrives: the invariant holds through releases too.
        List<String> targetHolds = holdsOf(TARGET);
        List<Callable<Integer>> secondWave = new ArrayList<>();
        for (String id : targetHolds) {
            secondWave.add(() -> status(SUPERVISOR, "/api/conversations/" + id + "/close", Map.of()));
        }
        for (String id : unassigned) {
            secondWave.add(() -> status(SUPERVISOR, "/api/conversations/" + id + "/assignment",
                    Map.of("agentId", TARGET)));
        }
        assertThat(runAtOnce(secondWave)).containsOnly(200, 409);
        assertInvariants();
    }

    private List<Integer> fireAtOnce(List<String> unassigned, List<String> heldElsewhere) throws Exception {
        List<Callable<Integer>> requests = new ArrayList<>();
        for (String id : unassigned) {
            requests.add(() -> status(SUPERVISOR, "/api/conversations/" + id + "/assignment",
                    Map.of("agentId", TARGET)));
        }
        for (String id : heldElsewhere) {
            requests.add(() -> status(SUPERVISOR, "/api/conversations/" + id + "/transfer",
                    Map.of("agentId", TARGET, "reason", "load test")));
        }
        return runAtOnce(requests);
    }

    private List<Integer> runAtOnce(List<Callable<Integer>> requests) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (Callable<Integer> request : requests) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return request.call();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            threads.shutdownNow();
        }
    }

    private int status(String actor, String uri, Map<String, Object> body) {
        return WebClient.create(server.baseUrl()).post().uri(uri).headers(server.as(actor)).bodyValue(body)
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .block(Duration.ofSeconds(60));
    }

    /** The conversations {@code agentId} holds, by the conversations' own events. */
    private List<String> holdsOf(String agentId) {
        Map<String, String> agentOf = new HashMap<>();
        EventLog.payloads(server).forEach(event -> apply(agentOf, event));
        return agentOf.entrySet().stream().filter(e -> e.getValue().equals(agentId)).map(Map.Entry::getKey).toList();
    }

    private void assertInvariants() {
        Map<String, String> agentOf = new HashMap<>();
        int seats = 0;
        for (Object event : EventLog.payloads(server)) {
            if (event instanceof AgentAssigned assigned) {
                assertThat(agentOf).as("a conversation never has two agents").doesNotContainKey(assigned.conversationId());
            }
            if (event instanceof ConversationTransferred transferred) {
                assertThat(agentOf.get(transferred.conversationId())).isEqualTo(transferred.fromAgentId());
            }
            apply(agentOf, event);
            if (event instanceof AgentReserved reserved && reserved.agentId().equals(TARGET)) {
                seats++;
            } else if (event instanceof AgentReleased released && released.agentId().equals(TARGET)) {
                seats--;
            }
            long open = agentOf.values().stream().filter(TARGET::equals).count();
            assertThat(seats).as("seats the agent holds").isLessThanOrEqualTo(CAPACITY);
            assertThat(open).as("conversations assigned to the agent").isLessThanOrEqualTo(seats)
                    .isLessThanOrEqualTo(CAPACITY);
        }
    }

    private static void apply(Map<String, String> agentOf, Object event) {
        if (event instanceof AgentAssigned assigned) {
            agentOf.put(assigned.conversationId(), assigned.agentId());
        } else if (event instanceof ConversationTransferred transferred) {
            agentOf.put(transferred.conversationId(), transferred.toAgentId());
        } else if (event instanceof AgentUnassigned unassigned) {
            agentOf.remove(unassigned.conversationId());
        } else if (event instanceof ConversationClosed closed) {
            agentOf.remove(closed.conversationId());
        }
    }
}
