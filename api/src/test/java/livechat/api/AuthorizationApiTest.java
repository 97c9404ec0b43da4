package livechat.api;

import livechat.api.security.PrincipalMetaData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static livechat.api.ChatClient.SUPERVISOR;
import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may see and change what, over a real port: agents see the conversations they hold or held (and only the
 * summary of a waiting one their skills can take), another party's conversation does not exist for them (404),
 * auditors change nothing, admins manage staff and nothing else, and a browser opens a stream with a single-use
 * ticket instead of a header.
 */
@ServerTest(settings = {"--livechat.routing.automatic=false", "--livechat.auth.stream-ticket-ttl=2s"})
class AuthorizationApiTest {

    private static final String V1 = "visitor:v-1";
    private static final String AUDITOR = "auditor:x-1";
    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE =
            new ParameterizedTypeReference<>() {
            };

    private static LivechatServer server;
    private static ChatClient chat;

    @BeforeAll
    static void agents(LivechatServer running, ChatClient client) {
        server = running;
        chat = client;
        chat.agent("ada", List.of("billing"), 3, "ONLINE");
        chat.agent("bob", List.of("shipping"), 3, "ONLINE");
    }

    private static WebTestClient http() {
        return server.client();
    }

    private static WebTestClient.ResponseSpec get(String actor, String uri, Object... variables) {
        return chat.get(actor, uri, variables);
    }

    @Test
    void agentsSeeTheConversationsTheyHoldOrHeld() {
        String id = chat.startConversation(V1, "Charged twice");
        chat.assign(id, "ada").expectStatus().isOk();
        get("agent:ada", "/api/conversations/{id}/transcript", id).expectStatus().isOk();
        expectProblem(get("agent:bob", "/api/conversations/{id}", id), 404, "conversation-not-found");
        expectProblem(get("agent:bob", "/api/conversations/{id}/transcript", id), 404, "conversation-not-found");
        expectProblem(chat.send("agent:bob", id, "b-1", "Hello from a stranger"), 404, "conversation-not-found");
        expectProblem(chat.post("agent:bob", "/api/conversations/{id}/tags", Map.of("tag", "vip"), id), 404,
                "conversation-not-found");

        chat.post("agent:ada", "/api/conversations/{id}/transfer", Map.of("agentId", "bob"), id)
                .expectStatus().isOk();
        chat.sendNew("agent:bob", id, "b-2", "I have it now");
        // Ada held it: she still reads it (but no longer holds it, so she cannot write to it).
        get("agent:ada", "/api/conversations/{id}/transcript", id).expectStatus().isOk();
        expectProblem(chat.send("agent:ada", id, "a-1", "me again"), 403, "participants-only");
        await().untilAsserted(() -> assertThat(chat.conversation("agent:ada", id).get("agents"))
                .isEqualTo(List.of("ada", "bob")));
    }

    @Test
    void agentsSeeOnlyTheSummaryOfAWaitingConversationTheirSkillsCanTake() {
        String id = chat.startConversation("visitor:v-q", "Where is my refund?", "billing");
        await().untilAsserted(() -> assertThat(chat.conversation("agent:ada", id))
                .containsEntry("status", "OPEN").doesNotContainKey("assignedAgentId"));
        expectProblem(get("agent:ada", "/api/conversations/{id}/transcript", id), 404, "conversation-not-found");
        expectProblem(get("agent:bob", "/api/conversations/{id}", id), 404, "conversation-not-found");
    }

    @Test
    void aVisitorCannotLearnAboutAnotherVisitorsConversation() {
        String id = chat.startConversation(V1, "Private matter");
        chat.sendNew(V1, id, "cm-secret", "my card is 4111 ...");
        expectProblem(chat.send("visitor:v-2", id, "cm-secret", "guess"), 404, "conversation-not-found");
        expectProblem(chat.post("visitor:v-2", "/api/conversations/{id}/close", Map.of(), id), 404,
                "conversation-not-found");
        expectProblem(get("visitor:v-2", "/api/conversations/{id}/transcript/export", id), 404,
                "conversation-not-found");
        expectProblem(chat.post("visitor:v-2", "/api/stream-tickets", Map.of("conversationId", id)), 404,
                "conversation-not-found");
    }

    @Test
    void auditorsReadEverythingAndChangeNothing() {
        String id = chat.startConversation(V1, "Audited");
        chat.sendNew(V1, id, "cm-1", "hello");
        get(AUDITOR, "/api/conversations/{id}/transcript", id).expectStatus().isOk();
        get(AUDITOR, "/api/audits/conversations/{id}/verify", id).expectStatus().isOk();
        expectProblem(chat.send(AUDITOR, id, "x-1", "an auditor's remark"), 403, "forbidden");
        expectProblem(chat.post(AUDITOR, "/api/conversations/{id}/close", Map.of(), id), 403, "forbidden");
        expectProblem(chat.post(AUDITOR, "/api/agents", Map.of("agentId", "eve", "name", "Eve", "skills",
                List.of(), "capacity", 1)), 403, "forbidden");
        expectProblem(chat.put(AUDITOR, "/api/canned-responses/hi", Map.of("title", "Hi", "text", "Hello")), 403,
                "forbidden");
        expectProblem(chat.post(AUDITOR, "/api/staff", Map.of("username", "eve", "password", "eve-password",
                "roles", List.of("auditor"))), 403, "forbidden");
    }

    @Test
    void adminsManageStaffAndNothingElse() {
        String admin = TestTokens.ADMIN;
        expectProblem(chat.post(SUPERVISOR, "/api/staff", Map.of("username", "zed", "password", "zed-password",
                "roles", List.of("agent"))), 403, "forbidden");
        expectProblem(get(SUPERVISOR, "/api/staff"), 403, "forbidden");

        chat.post(admin, "/api/staff", Map.of("username", "zed", "password", "zed-password", "roles",
                        List.of("agent"))).expectStatus().isCreated()
                .expectHeader().location("/api/staff/zed")
                .expectBody().jsonPath("$.roles[0]").isEqualTo("agent").jsonPath("$.password").doesNotExist();
        expectProblem(chat.post(admin, "/api/staff", Map.of("username", "zed", "password", "zed-password",
                "roles", List.of("agent"))), 409, "staff-account-exists");
        expectProblem(chat.post(admin, "/api/staff", Map.of("username", "yan", "password", "short",
                "roles", List.of("agent"))), 400, "password-length");
        expectProblem(chat.post(admin, "/api/staff", Map.of("username", "yan", "password", "yan-password",
                "roles", List.of("wizard"))), 400, "staff-roles");
        expectProblem(chat.post(admin, "/api/staff", Map.of("username", "y a n", "password", "yan-password",
                "roles", List.of("agent"))), 400, "staff-username-format");

        chat.put(admin, "/api/staff/zed/roles", Map.of("roles", List.of("agent", "supervisor")))
                .expectStatus().isOk().expectBody().jsonPath("$.roles.length()").isEqualTo(2);
        assertThat(server.tokens().signIn("zed", "zed-password").get("accessToken")).isNotNull();
        expectProblem(chat.put(admin, "/api/staff/nobody/roles", Map.of("roles", List.of("agent"))), 404,
                "staff-account-not-found");
        expectProblem(chat.post(admin, "/api/staff/admin/disable", Map.of()), 409, "admin-keeps-own-access");

        // Registering an agent stays a supervisor's act; admins do not take part in conversations.
        expectProblem(chat.post(admin, "/api/agents", Map.of("agentId", "zed", "name", "Zed", "skills", List.of(),
                "capacity", 1)), 403, "forbidden");
        String id = chat.startConversation(V1, "Not for admins");
        expectProblem(get(admin, "/api/conversations/{id}", id), 403, "forbidden");
    }

    @Test
    void staffSetTheirOwnPasswordWithTheCurrentOne() {
        server.tokens().staff("pia", "agent");
        String pia = "agent:pia";
        expectProblem(chat.put(pia, "/api/staff/pia/password", Map.of("password", "pia-new-password",
                "currentPassword", "wrong-password")), 403, "current-password");
        expectProblem(chat.put(pia, "/api/staff/ada/password", Map.of("password", "pia-new-password",
                "currentPassword", TestTokens.passwordOf("pia"))), 403, "forbidden");
        chat.put(pia, "/api/staff/pia/password", Map.of("password", "pia-new-password",
                "currentPassword", TestTokens.passwordOf("pia"))).expectStatus().isOk();
        server.tokens().signIn("pia", "pia-new-password");
    }

    @Test
    void aStreamOpensWithATicketInsteadOfAHeaderOnce() {
        String id = chat.startConversation(V1, "Browser");
        chat.sendNew(V1, id, "cm-1", "typed in a browser");
        String ticket = ticket(V1, id);

        StepVerifier.create(WebClient.create(server.baseUrl()).get()
                        .uri("/api/conversations/{id}/stream?ticket={ticket}", id, ticket)
                        .accept(MediaType.TEXT_EVENT_STREAM).retrieve().bodyToFlux(SSE)
                        .filter(event -> "message".equals(event.event())))
                .assertNext(event -> assertThat(event.data()).containsEntry("text", "typed in a browser"))
                .thenCancel()
                .verify(Duration.ofSeconds(30));

        expectProblem(http().get().uri("/api/conversations/{id}/stream?ticket={ticket}", id, ticket)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange(), 401, "token-invalid");
        String other = chat.startConversation(V1, "Another");
        expectProblem(http().get().uri("/api/conversations/{id}/stream?ticket={ticket}", other, ticket(V1, id))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange(), 401, "token-invalid");
        expectProblem(http().get().uri("/api/conversations/{id}/stream?ticket=made-up", id)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange(), 401, "token-invalid");
        // A ticket is for the stream alone.
        expectProblem(http().get().uri("/api/conversations/{id}/transcript?ticket={ticket}", id, ticket(V1, id))
                .exchange(), 401, "authentication-required");
    }

    @Test
    void anExpiredTicketIsRefused() throws InterruptedException {
        String id = chat.startConversation(V1, "Slow browser");
        String ticket = ticket(V1, id);
        Thread.sleep(2_500);
        expectProblem(http().get().uri("/api/conversations/{id}/stream?ticket={ticket}", id, ticket)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange(), 401, "token-invalid");
    }

    @Test
    void everyEventRecordsTheTokensSubjectAndIssuer() {
        String id = chat.startConversation("visitor:v-meta", "Who did it");
        chat.sendNew("visitor:v-meta", id, "cm-1", "hello");
        List<TrackedEventMessage<?>> events = EventLog.read(server).stream()
                .filter(event -> event.getPayload() instanceof livechat.events.conversation.ConversationEvent c
                        && c.conversationId().equals(id)).toList();
        assertThat(events).hasSizeGreaterThanOrEqualTo(3).allSatisfy(event -> {
            assertThat(event.getMetaData()).containsEntry("actor", "visitor:v-meta")
                    .containsEntry(PrincipalMetaData.SUBJECT, "v-meta")
                    .containsEntry(PrincipalMetaData.ISSUER, TokenMint.ISSUER);
        });
        assertThat(EventLog.read(server)).filteredOn(event -> event.getPayload()
                        instanceof livechat.events.staff.StaffEvent.StaffAccountCreated created
                        && created.username().equals("ada"))
                .singleElement().satisfies(event -> assertThat(event.getMetaData())
                        .containsEntry("actor", "admin:admin").containsEntry(PrincipalMetaData.SUBJECT, "admin"));
    }

    private static String ticket(String actor, String conversationId) {
        Map<?, ?> answer = chat.post(actor, "/api/stream-tickets", Map.of("conversationId", conversationId))
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(answer.get("expiresIn")).isEqualTo(2);
        return (String) answer.get("ticket");
    }
}
