package livechat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAPI document against the running server. It is well-formed (swagger-parser), names every operation with
 * a verb of its own, and matches the snapshot the TypeScript client is generated from. Driven by operation id
 * through the document's own paths, every operation answers each documented success status with a documented media
 * type, and every refusal a table of requests provokes is documented for its operation, status and rule.
 * <p>
 * The document is written to {@code target/openapi.json} for {@code .ci/run} to lint; with
 * {@code -Dlivechat.openapi.update=true} it also replaces the snapshot.
 */
@ServerTest(settings = {"--livechat.routing.automatic=false", "--livechat.limits.enabled=true",
        "--livechat.limits.sign-ins.per-address=100000", "--livechat.limits.sessions.per-address=100000",
        "--livechat.limits.conversation-starts.per-principal=100000",
        "--livechat.limits.conversation-starts.per-address=100000",
        "--livechat.limits.messages.per-principal=100000", "--livechat.limits.messages.per-address=100000",
        "--livechat.limits.typing.per-principal=2", "--livechat.limits.typing.per-address=100000",
        "--livechat.limits.typing.window=1h"})
class OpenApiContractTest {

    static final Path SNAPSHOT = Path.of("..", "clients", "typescript", "openapi.json");
    private static final Path WRITTEN = Path.of("target", "openapi.json");
    private static final String VERBS = "get|list|search|start|send|edit|redact|mark|signal|assign|transfer|unassign"
            + "|close|reopen|rate|tag|untag|open|add|resolve|register|set|create|disable|enable|save|remove|export"
            + "|follow|issue|sign|refresh|verify|erase|upload|download|place|release";
    private static final String VISITOR = "visitor:v-contract";
    private static final String AGENT = "agent:contract-ada";
    private static final String SUPERVISOR = ChatClient.SUPERVISOR;
    private static final String AUDITOR = "auditor:x-contract";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static LivechatServer server;
    private static WebTestClient http;
    private static String document;
    private static JsonNode api;
    /** Each operation id's method and path, from the document. */
    private static final Map<String, Call> CALLS = new HashMap<>();
    private final Set<String> answered = new TreeSet<>();

    record Call(HttpMethod method, String path, JsonNode operation) {
    }

    record Answer(int status, MediaType type, HttpHeaders headers, byte[] body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        String text(String field) {
            return json().path(field).asText();
        }
    }

    @BeforeAll
    static void fetchTheDocument(LivechatServer running) throws IOException {
        server = running;
        http = running.client();
        document = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody();
        api = JSON.readTree(document);
        Files.createDirectories(WRITTEN.getParent());
        Files.writeString(WRITTEN, JSON.writeValueAsString(api) + "\n");
        if (Boolean.getBoolean("livechat.openapi.update")) {
            Files.writeString(SNAPSHOT, JSON.writeValueAsString(api) + "\n");
        }
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method ->
                CALLS.put(method.getValue().path("operationId").asText(), new Call(
                        HttpMethod.valueOf(method.getKey().toUpperCase()), path.getKey(), method.getValue()))));
    }

    @Test
    void theDocumentIsWellFormedAndItsOperationsAreNamedByVerbs() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();

        List<String> ids = new ArrayList<>();
        api.path("paths").forEach(path -> path.forEach(operation -> ids.add(operation.path("operationId").asText())));
        assertThat(ids).doesNotHaveDuplicates().hasSize(CALLS.size())
                .allSatisfy(id -> assertThat(id).matches("(" + VERBS + ")[A-Z][A-Za-z]+"));
        assertThat(CALLS).containsKeys("sendMessage", "exportTranscript", "followConversation");
    }

    @Test
    void theSnapshotTheClientIsGeneratedFromIsTheServedDocument() throws IOException {
        assertThat(Files.exists(SNAPSHOT)).as("%s exists", SNAPSHOT).isTrue();
        assertThat(JSON.readTree(Files.readString(SNAPSHOT)))
                .as("clients/typescript/openapi.json differs from /v3/api-docs: regenerate it (docs/api.md, "
                        + "'The TypeScript client')")
                .isEqualTo(api);
    }

    @Test
    void everyRefusalIsDocumentedForItsOperationStatusAndRule() {
        String closed = started(VISITOR, "Closed");
        succeeds("closeConversation", VISITOR, Map.of(), closed);
        String open = started(VISITOR, "Open");
        succeeds("sendMessage", VISITOR, Map.of("clientMessageId", "c1", "text", "Hello"), open);

        refused(401, "authentication-required", "startConversation", null, Map.of("topic", "x"));
        refused(401, "token-invalid", request("getConversation", headers -> headers.setBearerAuth("not-a-token"),
                null, open));
        refused(401, "login-failed", "signIn", null, Map.of("username", "admin", "password", "wrong-password"));
        refused(401, "token-invalid", "refreshTokens", null, Map.of("refreshToken", "unknown"));
        refused(401, "visitor-signature-invalid", "startVisitorSession", null, Map.of("siteId", "shop",
                "customerId", "c-1", "signature", "00"));
        refused(403, "forbidden", "sendMessage", AUDITOR, Map.of("clientMessageId", "c2", "text", "x"), open);
        refused(403, "forbidden", "listStaffAccounts", SUPERVISOR, null);
        refused(403, "only-visitors-start-conversations", "startConversation", AGENT, Map.of("topic", "x"));
        refused(403, "staff-only", "listAgents", VISITOR, null);
        refused(403, "auditors-only", "getConversationAudit", SUPERVISOR, null, open);
        refused(403, "supervisors-only", "getAgentLeaderboard?from=2026-01-01&to=2026-01-02", AGENT, null);
        refused(403, "supervisors-only", "getTeamMetrics?from=2026-01-01&to=2026-01-02", AGENT, null);
        refused(403, "internal-notes-agents-only", "sendMessage", VISITOR, Map.of("clientMessageId", "c3",
                "text", "x", "internal", true), open);
        refused(403, "cross-origin-refused", request("getConversation", headers -> {
            auth(VISITOR).accept(headers);
            headers.setOrigin("https://elsewhere.example");
        }, null, open));
        refused(404, "conversation-not-found", "getTranscript", VISITOR, null, "no-such-conversation");
        refused(404, "agent-not-found", "getAgent", SUPERVISOR, null, "nobody");
        refused(404, "staff-account-not-found", "getStaffAccount", TestTokens.ADMIN, null, "nobody");
        refused(404, "checkpoint-not-found", "getCheckpoint", AUDITOR, null, 999_999);
        refused(404, "dispute-not-found", "addDisputeEvidence", VISITOR, Map.of("note", "x"), open, "no-dispute");
        refused(409, "conversation-open", "sendMessage", VISITOR, Map.of("clientMessageId", "c1", "text", "Late"),
                closed);
        refused(409, "client-message-id-reused", "sendMessage", VISITOR, Map.of("clientMessageId", "c1",
                "text", "Something else"), open);
        refused(409, "conversation-closed", "reopenConversation", VISITOR, Map.of(), open);
        refused(409, "no-legal-hold", "releaseLegalHold", AUDITOR, null, open);
        refused(400, "legal-hold-reason-required", "placeLegalHold", AUDITOR, Map.of("reason", " "), open);
        refused(404, "visitor-not-found", "exportVisitorData", SUPERVISOR, null, "v-nobody");
        refused(409, "rating-after-close", "rateConversation", VISITOR, Map.of("score", 5), open);
        refused(409, "transfer-needs-assigned-agent", "transferConversation", SUPERVISOR, Map.of("agentId", "x"),
                open);
        Map<String, Object> agent = Map.of("agentId", "contract-twice", "name", "Twice", "skills", List.of(),
                "capacity", 2);
        succeeds("registerAgent", SUPERVISOR, agent);
        refused(409, "agent-already-registered", "registerAgent", SUPERVISOR, agent);
        Map<String, Object> account = Map.of("username", "contract-twice", "password", "contract-twice-1",
                "roles", List.of("agent"));
        succeeds("createStaffAccount", TestTokens.ADMIN, account);
        refused(409, "staff-account-exists", "createStaffAccount", TestTokens.ADMIN, account);
        refused(400, "malformed-request", request("startConversation", auth(VISITOR), "not json"));
        refused(400, "malformed-request", "getTranscript?limit=many", VISITOR, null, open);
        refused(400, "topic-length", "startConversation", VISITOR, Map.of("topic", " "));
        refused(400, "skill-format", "startConversation", VISITOR, Map.of("topic", "x", "skill", "No Skill"));
        refused(400, "text-characters", "sendMessage", VISITOR, Map.of("clientMessageId", "c4", "text", "a\u0000"),
                open);
        refused(400, "message-text-length", "sendMessage", VISITOR, Map.of("clientMessageId", "c5",
                "text", "x".repeat(4001)), open);
        refused(400, "canned-response-alone", "sendMessage", VISITOR, Map.of("clientMessageId", "c6",
                "text", "x", "cannedResponse", "greeting"), open);
        refused(400, "rating-score-range", "rateConversation", VISITOR, Map.of("score", 9), closed);
        refused(400, "page-bounds", "getTranscript?limit=0", VISITOR, null, open);
        refused(400, "export-format", "exportTranscript?format=pdf", VISITOR, null, open);
        refused(400, "export-format", "exportMetricFacts?from=2026-01-01&to=2026-01-02&format=xml", SUPERVISOR,
                null);
        refused(400, "time-range", "getAgentLeaderboard?from=yesterday&to=2026-01-02", SUPERVISOR, null);
        refused(400, "dispute-status", "listDisputes?status=maybe", AUDITOR, null);
        refused(400, "conversation-status", "searchTranscripts?status=maybe", SUPERVISOR, null);
        refused(400, "agent-status", "setAgentStatus", SUPERVISOR, Map.of("status", "SLEEPING"), "nobody");
        refused(400, "agent-capacity-range", "registerAgent", SUPERVISOR, Map.of("agentId", "cap", "name", "Cap",
                "skills", List.of(), "capacity", 51));
        refused(400, "password-length", "createStaffAccount", TestTokens.ADMIN, Map.of("username", "short",
                "password", "short", "roles", List.of("agent")));
        refused(404, "dispute-not-found", "resolveDispute", SUPERVISOR, Map.of("outcome", "settled"), open, "d-1");
        String dispute = succeeds("openDispute", VISITOR, Map.of("reason", "Slow"), open).text("disputeId");
        refused(409, "one-open-dispute", "openDispute", VISITOR, Map.of("reason", "Again"), open);
        refused(400, "dispute-outcome", "resolveDispute", SUPERVISOR, Map.of("outcome", "maybe"), open, dispute);
        refused(400, "resume-position", "followConversation?after=-5", VISITOR, null, open);
        refused(400, "attachment-part", "uploadAttachment", VISITOR, file("empty.png", new byte[0]), open);
        refused(415, "attachment-type", "uploadAttachment", VISITOR, file("page.png",
                "<html></html>".getBytes(StandardCharsets.UTF_8)), open);
        refused(404, "attachment-not-found", "downloadAttachment", VISITOR, null, open, "0".repeat(64));
        refused(413, "request-too-large", "startConversation", VISITOR, Map.of("topic", "x".repeat(70_000)));
        refused(415, "unsupported-media-type", request("startConversation", headers -> {
            auth(VISITOR).accept(headers);
            headers.setContentType(MediaType.TEXT_PLAIN);
        }, "topic"));
        succeeds("signalTyping", VISITOR, Map.of("typing", true), open);
        succeeds("signalTyping", VISITOR, Map.of("typing", false), open);
        refused(429, "rate-limited", "signalTyping", VISITOR, Map.of("typing", true), open);
    }

    @Test
    void everyOperationAnswersEachDocumentedSuccess() {
        succeeds("getSigningKeys", null, null);
        succeeds("startVisitorSession", null, Map.of());
        Answer signedIn = succeeds("signIn", null, Map.of("username", "admin", "password",
                TestTokens.ADMIN_PASSWORD));
        succeeds("refreshTokens", null, Map.of("refreshToken", signedIn.text("refreshToken")));

        String admin = TestTokens.ADMIN;
        succeeds("createStaffAccount", admin, Map.of("username", "contract-sam", "password", "contract-sam-1",
                "roles", List.of("supervisor")));
        succeeds("listStaffAccounts", admin, null);
        succeeds("getStaffAccount", admin, null, "contract-sam");
        succeeds("setStaffRoles", admin, Map.of("roles", List.of("supervisor", "auditor")), "contract-sam");
        succeeds("disableStaffAccount", admin, null, "contract-sam");
        succeeds("enableStaffAccount", admin, null, "contract-sam");
        succeeds("setStaffPassword", admin, Map.of("password", "contract-sam-2"), "contract-sam");

        succeeds("registerAgent", SUPERVISOR, Map.of("agentId", "contract-ada", "name", "Ada",
                "skills", List.of("billing"), "capacity", 3));
        succeeds("registerAgent", SUPERVISOR, Map.of("agentId", "contract-bob", "name", "Bob",
                "skills", List.of("billing"), "capacity", 3));
        succeeds("setAgentStatus", AGENT, Map.of("status", "ONLINE"), "contract-ada");
        succeeds("setAgentStatus", "agent:contract-bob", Map.of("status", "ONLINE"), "contract-bob");
        succeeds("setAgentCapacity", SUPERVISOR, Map.of("capacity", 4), "contract-ada");
        succeeds("setAgentSkills", SUPERVISOR, Map.of("skills", List.of("billing", "refunds")), "contract-ada");
        succeeds("getAgent", SUPERVISOR, null, "contract-ada");
        succeeds("listAgents?status=ONLINE", SUPERVISOR, null);
        succeeds("saveCannedResponse", SUPERVISOR, Map.of("title", "Hello", "text", "Hello, how can I help?"),
                "greeting");
        succeeds("listCannedResponses", AGENT, null);

        String id = succeeds("startConversation", VISITOR, Map.of("topic", "Contract", "skill", "billing"))
                .text("conversationId");
        succeeds("getConversation", VISITOR, null, id);
        succeeds("signalTyping", "visitor:v-typist", Map.of("typing", true),
                started("visitor:v-typist", "Typing"));
        Answer sent = succeeds("sendMessage", VISITOR, Map.of("clientMessageId", "c1", "text", "Hello"), id);
        succeeds("sendMessage", VISITOR, Map.of("clientMessageId", "c1", "text", "Hello"), id);
        String messageId = sent.text("messageId");
        succeeds("assignConversation", SUPERVISOR, Map.of("agentId", "contract-ada"), id);
        await().atMost(Duration.ofSeconds(30)).until(() -> answer(request("sendMessage", auth(AGENT),
                Map.of("clientMessageId", "a1", "cannedResponse", "greeting"), id)).status() < 300);
        succeeds("editMessage", VISITOR, Map.of("text", "Hello there"), id, messageId);
        succeeds("markSeen", AGENT, Map.of("upToSequence", 2), id);
        succeeds("tagConversation", AGENT, Map.of("tag", "vip"), id);
        succeeds("untagConversation", AGENT, null, id, "vip");
        succeeds("redactMessage", SUPERVISOR, Map.of("reason", "personal data"), id, messageId);
        succeeds("issueStreamTicket", VISITOR, Map.of("conversationId", id));
        follow(id);
        succeeds("transferConversation", AGENT, Map.of("agentId", "contract-bob"), id);
        succeeds("unassignConversation", SUPERVISOR, Map.of(), id);
        String sha = succeeds("uploadAttachment", VISITOR, file("photo.png", TestFiles.png()), id)
                .text("sha256");
        succeeds("downloadAttachment", AGENT, null, id, sha);
        succeeds("getTranscript", VISITOR, null, id);
        succeeds("exportTranscript?format=json", VISITOR, null, id);
        assertThat(succeeds("exportTranscript?format=text", VISITOR, null, id).type()
                .isCompatibleWith(MediaType.TEXT_PLAIN)).isTrue();
        succeeds("searchTranscripts", SUPERVISOR, null);
        succeeds("listQueue", SUPERVISOR, null);
        succeeds("closeConversation", VISITOR, Map.of("reason", "solved"), id);
        succeeds("rateConversation", VISITOR, Map.of("score", 5), id);
        succeeds("reopenConversation", VISITOR, Map.of(), id);
        String disputeId = succeeds("openDispute", VISITOR, Map.of("reason", "It was not solved"), id)
                .text("disputeId");
        succeeds("addDisputeEvidence", VISITOR, Map.of("note", "See message 2"), id, disputeId);
        succeeds("resolveDispute", SUPERVISOR, Map.of("outcome", "settled"), id, disputeId);
        succeeds("listDisputes", AUDITOR, null);

        long checkpoint = succeeds("createCheckpoint", AUDITOR, null).json().path("sequence").asLong();
        succeeds("getLatestCheckpoint", AUDITOR, null);
        succeeds("getCheckpoint", AUDITOR, null, checkpoint);
        succeeds("getConversationAudit", AUDITOR, null, id);
        succeeds("verifyConversationAudit", AUDITOR, null, id);
        assertThat(succeeds("exportAuditBundle", AUDITOR, null, id).type().toString()).isEqualTo("application/zip");
        succeeds("listAccessRecords", AUDITOR, null);

        String days = "?from=" + LocalDate.now().minusDays(1) + "&to=" + LocalDate.now().plusDays(1);
        succeeds("getAgentMetrics" + days, SUPERVISOR, null, "contract-ada");
        succeeds("getAgentLeaderboard" + days, SUPERVISOR, null);
        succeeds("getTeamMetrics" + days, SUPERVISOR, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> answer(request("getConversationMetrics", auth(SUPERVISOR),
                null, id)).status() == 200);
        succeeds("exportMetricFacts" + days + "&format=ndjson", SUPERVISOR, null);
        succeeds("exportMetricFacts" + days + "&format=csv", SUPERVISOR, null);
        succeeds("removeCannedResponse", SUPERVISOR, null, "greeting");
        succeeds("placeLegalHold", AUDITOR, Map.of("reason", "case 7"), id);
        succeeds("releaseLegalHold?reason=case-closed", SUPERVISOR, null, id);
        assertThat(succeeds("exportVisitorData", "privacy:p-contract", null, VISITOR.substring("visitor:".length()))
                .type().toString()).isEqualTo("application/zip");
        // Last: it erases what the visitor wrote (one with no open dispute, which would keep it).
        started("visitor:v-leaving", "Leaving");
        succeeds("eraseVisitorData", SUPERVISOR, Map.of("reason", "asked to", "legalBasis", "gdpr-art-17"),
                "v-leaving");

        Set<String> documented = new TreeSet<>();
        CALLS.forEach((operationId, call) -> call.operation().path("responses").fieldNames().forEachRemaining(
                status -> {
                    if (status.startsWith("2")) {
                        documented.add(operationId + " " + status);
                    }
                }));
        assertThat(answered).as("documented successes the server gave").containsAll(documented);
    }

    /** Both forms of the stream answer 200 and carry only items the document names. */
    private void follow(String conversationId) {
        Set<String> events = new HashSet<>();
        api.at("/components/schemas/ConversationStreamItem/discriminator/mapping").fieldNames()
                .forEachRemaining(events::add);
        for (MediaType type : List.of(MediaType.APPLICATION_NDJSON, MediaType.TEXT_EVENT_STREAM)) {
            FluxExchangeResult<String> stream = http.get().uri(uri("followConversation", conversationId))
                    .headers(auth(VISITOR)).accept(type).exchange().returnResult(String.class);
            List<String> lines = stream.getResponseBody().take(5).collectList().block(Duration.ofSeconds(30));
            record(CALLS.get("followConversation"), "followConversation", stream.getStatus().value(),
                    stream.getResponseHeaders().getContentType());
            if (type.equals(MediaType.APPLICATION_NDJSON)) {
                assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(events)
                        .contains(new Answer(200, type, null, line.getBytes(StandardCharsets.UTF_8)).text("event")));
            }
        }
    }

    /** A request body sent as {@code multipart/form-data}. */
    record Multipart(MultiValueMap<String, HttpEntity<?>> parts) {
    }

    /** A form with {@code bytes} as the file {@code filename} in the part {@code file}. */
    private static Multipart file(String filename, byte[] bytes) {
        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("file", new ByteArrayResource(bytes)).filename(filename);
        return new Multipart(form.build());
    }

    private String started(String visitor, String topic) {
        return succeeds("startConversation", visitor, Map.of("topic", topic)).text("conversationId");
    }

    private Answer succeeds(String operation, String actor, Object body, Object... pathVariables) {
        Answer answer = answer(request(operation, auth(actor), body, pathVariables));
        assertThat(answer.status()).as("%s: %s", operation, new String(answer.body(), StandardCharsets.UTF_8))
                .isBetween(200, 299);
        return answer;
    }

    private void refused(int status, String rule, String operation, String actor, Object body,
                         Object... pathVariables) {
        refused(status, rule, request(operation, auth(actor), body, pathVariables));
    }

    /** The refusal is the one expected, and the document lists it for the operation under its status. */
    private void refused(int status, String rule, Request request) {
        Answer answer = answer(request);
        assertThat(answer.status()).as("%s: %s", request.operationId(), new String(answer.body(),
                StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(answer.type().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(answer.text("rule")).isEqualTo(rule);
        JsonNode response = CALLS.get(request.operationId()).operation().path("responses").path(String.valueOf(status));
        List<String> rules = new ArrayList<>();
        response.at("/content/application~1problem+json/schema/allOf/1/properties/rule/enum")
                .forEach(name -> rules.add(name.asText()));
        assertThat(rules).as("the rules %s documents under %d", request.operationId(), status).contains(rule);
        if (status == 503 || status == 429) {
            assertThat(response.at("/headers/Retry-After").isMissingNode()).isFalse();
            assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        }
    }

    record Request(String operationId, String query, Consumer<HttpHeaders> headers, Object body,
                   Object[] pathVariables) {
    }

    /** {@code operation} may carry a query: {@code getTranscript?limit=2}. */
    private static Request request(String operation, Consumer<HttpHeaders> headers, Object body,
                                   Object... pathVariables) {
        int query = operation.indexOf('?');
        return query < 0 ? new Request(operation, "", headers, body, pathVariables)
                : new Request(operation.substring(0, query), operation.substring(query), headers, body,
                pathVariables);
    }

    private Answer answer(Request request) {
        Call call = CALLS.get(request.operationId());
        assertThat(call).as("operation %s in the document", request.operationId()).isNotNull();
        WebTestClient.RequestBodySpec spec = http.method(call.method())
                .uri(uri(request.operationId(), request.pathVariables()) + request.query())
                .headers(request.headers());
        WebTestClient.RequestHeadersSpec<?> sending = spec;
        if (request.body() instanceof Multipart form) {
            sending = spec.contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(BodyInserters.fromMultipartData(form.parts()));
        } else if (request.body() instanceof String raw) {
            sending = spec.headers(headers -> {
                if (headers.getContentType() == null) {
                    headers.setContentType(MediaType.APPLICATION_JSON);
                }
            }).bodyValue(raw);
        } else if (request.body() != null) {
            sending = spec.contentType(MediaType.APPLICATION_JSON).bodyValue(request.body());
        }
        EntityExchangeResult<byte[]> result = sending.exchange().expectBody().returnResult();
        MediaType type = result.getResponseHeaders().getContentType();
        Answer answer = new Answer(result.getStatus().value(), type, result.getResponseHeaders(),
                result.getResponseBodyContent() == null ? new byte[0] : result.getResponseBodyContent());
        record(call, request.operationId(), answer.status(), type);
        if (answer.status() < 300) {
            JsonNode documented = call.operation().path("responses").path(String.valueOf(answer.status()));
            documented.path("headers").fieldNames().forEachRemaining(header -> {
                if (!header.equals("Content-Disposition") || request.query().contains("format=")
                        || request.operationId().equals("exportAuditBundle")
                        || request.operationId().equals("downloadAttachment")) {
                    assertThat(answer.headers().getFirst(header)).as("%s's %s", request.operationId(), header)
                            .isNotBlank();
                }
            });
        }
        return answer;
    }

    /** A success counts once the document lists its status and its media type for the operation. */
    private void record(Call call, String operationId, int status, MediaType type) {
        if (status >= 300) {
            return;
        }
        JsonNode response = call.operation().path("responses").path(String.valueOf(status));
        assertThat(response.isMissingNode()).as("%s answered %d, which the document does not list", operationId,
                status).isFalse();
        if (type != null) {
            List<MediaType> documented = new ArrayList<>();
            response.path("content").fieldNames().forEachRemaining(name -> documented.add(MediaType.valueOf(name)));
            assertThat(documented).as("%s %d's media types", operationId, status)
                    .anyMatch(candidate -> candidate.isCompatibleWith(type));
        }
        answered.add(operationId + " " + status);
    }

    private static String uri(String operationId, Object... pathVariables) {
        String template = CALLS.get(operationId).path();
        Map<String, Object> variables = new LinkedHashMap<>();
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(template);
        int i = 0;
        while (names.find()) {
            variables.put(names.group(1), pathVariables[i++]);
        }
        return org.springframework.web.util.UriComponentsBuilder.fromPath(template).buildAndExpand(variables)
                .encode().toUriString();
    }

    private static Consumer<HttpHeaders> auth(String actor) {
        return actor == null ? headers -> {
        } : server.as(actor);
    }
}
