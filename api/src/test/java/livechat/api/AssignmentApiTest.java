package livechat.api;

import livechat.command.RuleViolation;
import livechat.command.agent.AgentCommand.ReserveAgent;
import livechat.command.conversation.ConversationCommand.AssignAgent;
import livechat.events.Actor;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.ReservationAbandoned;
import org.axonframework.commandhandling.gateway.CommandGateway;
import livechat.events.conversation.ConversationEvent.ConversationTransferred;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static livechat.api.ChatClient.SUPERVISOR;
import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Agents and manual assignment over a real port, with automatic routing off so that every assignment here is the
 * one the test asks for.
 */
@ServerTest(settings = {"--livechat.routing.automatic=false", "--livechat.routing.reservation-timeout=2s"})
class AssignmentApiTest {

    private static final String VISITOR = "visitor:v-1";

    private static LivechatServer server;
    private static ChatClient chat;

    @BeforeAll
    static void connect(LivechatServer running, ChatClient client) {
        server = running;
        chat = client;
    }

    @Test
    void aSupervisorRegistersAnAgentWhoGoesOnline() {
        chat.post(SUPERVISOR, "/api/agents", Map.of("agentId", "ada", "name", "Ada", "skills", List.of("billing"),
                        "capacity", 3))
                .expectStatus().isCreated().expectHeader().location("/api/agents/ada");
        chat.status("ada", "ONLINE").expectStatus().isOk();
        chat.put(SUPERVISOR, "/api/agents/{id}/capacity", Map.of("capacity", 4), "ada").expectStatus().isOk();
        chat.put(SUPERVISOR, "/api/agents/{id}/skills", Map.of("skills", List.of("billing", "returns")), "ada")
                .expectStatus().isOk();

        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(chat.agentProfile("ada"))
                .containsEntry("name", "Ada").containsEntry("status", "ONLINE").containsEntry("capacity", 4)
                .containsEntry("skills", List.of("billing", "returns")).containsEntry("load", 0));
        chat.get(SUPERVISOR, "/api/agents?status=online").expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.agentId == 'ada')].name").isEqualTo("Ada");
        chat.get(SUPERVISOR, "/api/agents?status=offline").expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.agentId == 'ada')]").isEmpty();
    }

    @Test
    void agentRegistrationRefusals() {
        Map<String, Object> valid = Map.of("agentId", "bob", "name", "Bob", "skills", List.of(), "capacity", 2);
        expectProblem(chat.post("agent:bob", "/api/agents", valid), 403, "supervisors-manage-agents");
        expectProblem(chat.post(SUPERVISOR, "/api/agents", Map.of("agentId", "bob", "name", "Bob", "capacity", 0)),
                400, "agent-capacity-range");
        expectProblem(chat.post(SUPERVISOR, "/api/agents", Map.of("agentId", "bob", "name", "Bob",
                "skills", List.of("No Skill!"), "capacity", 2)), 400, "skill-format");
        expectProblem(chat.post(SUPERVISOR, "/api/agents", Map.of("agentId", "b o b", "name", "Bob",
                "capacity", 2)), 400, "agent-id-format");
        expectProblem(chat.post(SUPERVISOR, "/api/agents", Map.of("agentId", "bob", "name", "Bob")),
                400, "malformed-request");
        chat.post(SUPERVISOR, "/api/agents", valid).expectStatus().isCreated();
        expectProblem(chat.post(SUPERVISOR, "/api/agents", valid), 409, "agent-already-registered");
    }

    @Test
    void agentChangeRefusals() {
        chat.agent("cleo", List.of(), 1, "OFFLINE");
        expectProblem(chat.status("nobody", "ONLINE"), 404, "agent-not-found");
        expectProblem(chat.put("agent:dave", "/api/agents/{id}/status", Map.of("status", "ONLINE"), "cleo"),
                403, "status-by-agent-or-supervisor");
        expectProblem(chat.status("cleo", "SLEEPING"), 400, "agent-status");
        expectProblem(chat.put("agent:cleo", "/api/agents/{id}/capacity", Map.of("capacity", 5), "cleo"),
                403, "supervisors-manage-agents");
        expectProblem(chat.put(SUPERVISOR, "/api/agents/{id}/capacity", Map.of("capacity", 99), "cleo"),
                400, "agent-capacity-range");
        expectProblem(chat.put(SUPERVISOR, "/api/agents/{id}/skills", Map.of(), "cleo"), 400, "malformed-request");
        expectProblem(chat.get(SUPERVISOR, "/api/agents/nobody"), 404, "agent-not-found");
        expectProblem(chat.get(VISITOR, "/api/agents/cleo"), 403, "staff-only");
    }

    @Test
    void aSupervisorAssignsAnEligibleAgentWhoThenChats() {
        chat.agent("erin", List.of("billing"), 2, "ONLINE");
        String id = chat.startConversation(VISITOR, "Invoice", "billing");
        chat.assign(id, "erin").expectStatus().isOk();
        chat.awaitHolding("erin", id);

        long reply = chat.sendNew("agent:erin", id, "cm-a1", "Hi, I'm Erin. Let me look.");
        chat.post("agent:erin", "/api/conversations/{id}/messages", Map.of("clientMessageId", "cm-a2",
                "text", "Customer was double charged", "internal", true), id).expectStatus().isCreated();
        assertThat(chat.awaitMessages("agent:erin", id, 2)).extracting(m -> m.get("internal"))
                .containsExactly(false, true);
        assertThat(chat.messages(VISITOR, id)).extracting(m -> ((Number) m.get("sequence")).longValue())
                .containsExactly(reply);
    }

    @Test
    void assignmentRefusalsNameTheirRule() {
        chat.agent("fay", List.of("billing"), 1, "ONLINE");
        chat.agent("gus", List.of("sales"), 1, "ONLINE");
        chat.agent("hal", List.of("billing"), 1, "AWAY");
        String first = chat.startConversation(VISITOR, "One", "billing");
        String second = chat.startConversation(VISITOR, "Two", "billing");

        expectProblem(chat.assign(first, "nobody"), 409, "agent-registered");
        expectProblem(chat.assign(first, "hal"), 409, "agent-online");
        expectProblem(chat.assign(first, "gus"), 409, "agent-has-skill");
        chat.assign(first, "fay").expectStatus().isOk();
        expectProblem(chat.assign(first, "fay"), 409, "agent-already-assigned");
        expectProblem(chat.assign(second, "fay"), 409, "agent-capacity");
        expectProblem(chat.post("agent:fay", "/api/conversations/{id}/assignment", Map.of("agentId", "fay"),
                second), 403, "supervisors-only");
        expectProblem(chat.assign("no-such-conversation", "fay"), 404, "conversation-not-found");
        expectProblem(chat.post(SUPERVISOR, "/api/conversations/{id}/assignment", Map.of(), second),
                400, "malformed-request");
        chat.agent("ivy", List.of("billing"), 1, "ONLINE");
        expectProblem(chat.assign(first, "ivy"), 409, "conversation-has-agent");
        chat.awaitHolding("ivy");
    }

    @Test
    void aTransferMovesTheConversationAndTheLoadInOneDecision() {
        chat.agent("jo", List.of("billing"), 1, "ONLINE");
        chat.agent("kim", List.of("billing"), 1, "ONLINE");
        String id = chat.startConversation(VISITOR, "Transfer me", "billing");
        chat.assign(id, "jo").expectStatus().isOk();

        chat.post("agent:jo", "/api/conversations/{id}/transfer", Map.of("agentId", "kim", "reason", "expert"), id)
                .expectStatus().isOk();
        chat.awaitHolding("jo");
        chat.awaitHolding("kim", id);
        assertThat(EventLog.payloads(server)).filteredOn(ConversationTransferred.class::isInstance)
                .extracting(e -> ((ConversationTransferred) e).toAgentId()).contains("kim");

        expectProblem(chat.post("agent:jo", "/api/conversations/{id}/transfer", Map.of("agentId", "jo"), id),
                403, "transfer-by-assignee-or-supervisor");
        expectProblem(chat.post("agent:kim", "/api/conversations/{id}/transfer", Map.of("agentId", "kim"), id),
                409, "agent-already-assigned");
        chat.agent("lou", List.of("billing"), 1, "OFFLINE");
        expectProblem(chat.post("agent:kim", "/api/conversations/{id}/transfer", Map.of("agentId", "lou"), id),
                409, "agent-online");
        String unassigned = chat.startConversation(VISITOR, "Nobody yet", "billing");
        expectProblem(chat.post(SUPERVISOR, "/api/conversations/{id}/transfer", Map.of("agentId", "lou"),
                unassigned), 409, "transfer-needs-assigned-agent");
    }

    @Test
    void unassigningReturnsTheConversationToTheQueueAndFreesTheSeat() {
        chat.agent("max", List.of(), 1, "ONLINE");
        String id = chat.startConversation(VISITOR, "Unassign", "");
        chat.assign(id, "max").expectStatus().isOk();
        chat.awaitHolding("max", id);

        expectProblem(chat.post("agent:max", "/api/conversations/{id}/unassign", Map.of(), id),
                403, "supervisors-only");
        chat.post(SUPERVISOR, "/api/conversations/{id}/unassign", Map.of("reason", "shift ended"), id)
                .expectStatus().isOk();
        chat.awaitHolding("max");
        expectProblem(chat.post(SUPERVISOR, "/api/conversations/{id}/unassign", Map.of(), id),
                409, "unassign-needs-assigned-agent");
        chat.assign(id, "max").expectStatus().isOk();
        chat.awaitHolding("max", id);
    }

    @Test
    void closingFreesTheAgentsSeat() {
        chat.agent("ned", List.of(), 1, "ONLINE");
        String id = chat.startConversation(VISITOR, "Close me", "");
        chat.assign(id, "ned").expectStatus().isOk();
        chat.post("agent:ned", "/api/conversations/{id}/close", Map.of("reason", "solved"), id)
                .expectStatus().isOk();
        chat.awaitHolding("ned");
        String next = chat.startConversation(VISITOR, "Next", "");
        chat.assign(next, "ned").expectStatus().isOk();
        assertThat(EventLog.payloads(server)).filteredOn(AgentAssigned.class::isInstance)
                .extracting(e -> ((AgentAssigned) e).conversationId()).contains(id, next);
    }

    /**
     * An assigner that died after reserving a seat but before recording the assignment leaves the seat held. Once
     * the reservation is stale the dispatcher fences it off on the conversation and gives the seat back; the dead
     * assigner, should it wake up, is refused.
     */
    @Test
    void aSeatLeftBehindByAnInterruptedAssignerIsGivenBack() {
        chat.agent("olga", List.of(), 1, "ONLINE");
        String orphan = chat.startConversation(VISITOR, "Interrupted", "");
        CommandGateway commands = server.bean(CommandGateway.class);
        commands.sendAndWait(new ReserveAgent("olga", Actor.system("routing"), orphan, "r-dead", null));
        chat.awaitHolding("olga", orphan);

        chat.awaitHolding("olga");
        assertThat(EventLog.payloads(server)).contains(new ReservationAbandoned(orphan, "olga", "r-dead"));
        assertThatThrownBy(() -> commands.sendAndWait(new AssignAgent(orphan, Actor.system("routing"), "olga",
                "r-dead"))).isInstanceOf(RuleViolation.class).hasMessageContaining("given up");
        chat.assign(orphan, "olga").expectStatus().isOk();
        chat.awaitHolding("olga", orphan);
    }
}
