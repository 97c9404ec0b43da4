package livechat.api;

import livechat.events.conversation.ConversationEvent.AgentAssigned;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static livechat.api.ChatClient.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automatic routing over a real port: the walkthrough scripts docs/support-chat.sh and docs/queue.sh, and what
 * happens around them.
 */
@ServerTest(perTest = true)
class RoutingApiTest {

    private LivechatServer server;
    private ChatClient chat;

    @BeforeEach
    void connect(LivechatServer server, ChatClient chat) {
        this.server = server;
        this.chat = chat;
    }

    private List<String> assignmentsTo(String agentId) {
        return EventLog.payloads(server).stream().filter(AgentAssigned.class::isInstance).map(AgentAssigned.class::cast)
                .filter(assigned -> assigned.agentId().equals(agentId)).map(AgentAssigned::conversationId).toList();
    }

    @Test
    void aFullSupportChat() {
        chat.agent("ada", List.of("billing"), 2, "ONLINE");
        chat.agent("bob", List.of("billing"), 2, "ONLINE");
        String id = chat.startConversation("visitor:v-1", "Charged twice", "billing");
        await().atMost(Duration.ofSeconds(30)).until(() -> assignmentsTo("ada").size() + assignmentsTo("bob").size(),
                count -> count == 1);
        String first = assignmentsTo("ada").isEmpty() ? "bob" : "ada";
        String colleague = first.equals("ada") ? "bob" : "ada";

        chat.sendNew("visitor:v-1", id, "v1", "I was charged twice for order 4711");
        chat.sendNew("agent:" + first, id, "a1", "Sorry about that, let me check.");
        chat.post("agent:" + first, "/api/conversations/{id}/transfer",
                Map.of("agentId", colleague, "reason", "refunds are " + colleague + "'s"), id).expectStatus().isOk();
        chat.sendNew("agent:" + colleague, id, "a2", "Refund issued; you'll see it in 3 days.");
        chat.post("visitor:v-1", "/api/conversations/{id}/close", Map.of("reason", "solved"), id)
                .expectStatus().isOk();
        chat.post("visitor:v-1", "/api/conversations/{id}/rating", Map.of("score", 5, "comment", "Fast!"), id)
                .expectStatus().isCreated();

        assertThat(chat.awaitMessages("visitor:v-1", id, 3)).extracting(m -> m.get("authorId"))
                .containsExactly("v-1", first, colleague);
        chat.awaitHolding(first);
        chat.awaitHolding(colleague);
    }

    @Test
    void visitorsWaitInTheQueueAndAreServedInOrderWithinCapacity() {
        chat.agent("cat", List.of("billing"), 2, "OFFLINE");
        String first = chat.startConversation("visitor:v-1", "First", "billing");
        String second = chat.startConversation("visitor:v-2", "Second", "billing");
        String third = chat.startConversation("visitor:v-3", "Third", "billing");

        chat.status("cat", "ONLINE").expectStatus().isOk();
        chat.awaitHolding("cat", first, second);
        assertThat(assignmentsTo("cat")).containsExactly(first, second);

        chat.post("agent:cat", "/api/conversations/{id}/close", Map.of(), first).expectStatus().isOk();
        chat.awaitHolding("cat", second, third);
        assertThat(assignmentsTo("cat")).containsExactly(first, second, third);
    }

    @Test
    void routingPrefersTheAgentWithFewestOpenConversations() {
        chat.agent("dan", List.of(), 3, "ONLINE");
        String first = chat.startConversation("visitor:v-1", "One", "");
        chat.awaitHolding("dan", first);
        chat.agent("eve", List.of(), 3, "ONLINE");
        String second = chat.startConversation("visitor:v-2", "Two", "");
        chat.awaitHolding("eve", second);
    }

    @Test
    void aConversationNeedingASkillNobodyHasWaitsUntilSomeoneGainsIt() {
        chat.agent("fin", List.of("billing"), 2, "ONLINE");
        String id = chat.startConversation("visitor:v-1", "Hola", "spanish");
        chat.put(SUPERVISOR, "/api/agents/{id}/skills", Map.of("skills", List.of("billing", "spanish")), "fin")
                .expectStatus().isOk();
        chat.awaitHolding("fin", id);
    }

    @Test
    void aReopenedConversationIsRoutedAgain() {
        chat.agent("gil", List.of(), 1, "ONLINE");
        String id = chat.startConversation("visitor:v-1", "Again", "");
        chat.awaitHolding("gil", id);
        chat.post("visitor:v-1", "/api/conversations/{id}/close", Map.of(), id).expectStatus().isOk();
        chat.awaitHolding("gil");
        chat.post("visitor:v-1", "/api/conversations/{id}/reopen", Map.of("reason", "not fixed"), id)
                .expectStatus().isOk();
        chat.awaitHolding("gil", id);
    }
}
