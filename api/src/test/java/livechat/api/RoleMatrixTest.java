package livechat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the OpenAPI document, called by every role, by nobody, with every kind of bad token, and on a
 * conversation by its own visitor and by a stranger: which roles an endpoint is for and whose conversation it is are
 * decided before anything else, and every refusal is the problem its rule names. Bodies are empty objects, so a
 * call a role may make ends in the endpoint's own answer (often a 400 or 404); only the role refusals are checked.
 */
@ServerTest(settings = "--livechat.routing.automatic=false")
class RoleMatrixTest {

    private static final List<String> ROLES = List.of("visitor:v-m", "agent:a-m", "supervisor:s-m", "auditor:x-m",
            TestTokens.ADMIN, "ops:o-m", "privacy:p-m");
    private static final Set<String> PUBLIC = Set.of("/api/auth/token", "/api/auth/refresh", "/api/visitor-sessions",
            "/.well-known/jwks.json");
    private static final Set<String> READ = Set.of("GET", "HEAD");
    /** What auditors may ask for beside reading. */
    private static final Set<String> AUDITOR_WRITES = Set.of("/api/stream-tickets", "/api/audits/checkpoints");
    /** The operations of privacy staff, which supervisors may make too. */
    private static final Set<String> PRIVACY = Set.of("/api/visitors/{visitorId}/erasure",
            "/api/visitors/{visitorId}/data-export");
    /** Placed and released by supervisors and auditors only. */
    private static final String LEGAL_HOLD = "/api/conversations/{conversationId}/legal-hold";
    private static final String OWNER = "visitor:v-m";
    private static final String STRANGER = "visitor:v-stranger";

    /** One call: who made it, what it was, and the answer's status and rule. */
    private record Answer(String role, String method, String path, int status, String rule) {
    }

    @Test
    void everyOperationIsForItsRolesOnly(LivechatServer server, ChatClient chat) throws Exception {
        String conversationId = chat.startConversation(OWNER, "Matrix");
        Map<String, String> badTokens = badTokens(server.tokens().mint());
        Map<String, String> pathValues = Map.of("{conversationId}", conversationId, "{messageId}", "m-0",
                "{agentId}", "a-m", "{key}", "greeting", "{disputeId}", "d-1", "{tag}", "vip", "{username}", "nobody",
                "{sequence}", "1", "{visitorId}", "v-m", "{sha256}", "0".repeat(64));
        JsonNode paths = new ObjectMapper().readTree(server.client().get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).get("paths");

        List<Answer> answers = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String uri = entry.getKey();
            for (Map.Entry<String, String> value : pathValues.entrySet()) {
                uri = uri.replace(value.getKey(), value.getValue());
            }
            for (Iterator<String> methods = entry.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                answers.add(call(server, null, null, method, entry.getKey(), uri));
                for (String role : ROLES) {
                    answers.add(call(server, role, null, method, entry.getKey(), uri));
                }
                if (entry.getKey().contains("{conversationId}")) {
                    answers.add(call(server, STRANGER, null, method, entry.getKey(), uri));
                }
                for (Map.Entry<String, String> bad : badTokens.entrySet()) {
                    answers.add(call(server, bad.getKey(), bad.getValue(), method, entry.getKey(), uri));
                }
            }
        }

        assertThat(answers).hasSizeGreaterThan(200).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isLessThan(500);
            // Staff management is an admin's; setting one's own password is everyone's, but "nobody" is no one's.
            boolean staffCall = answer.path().startsWith("/api/staff");
            boolean api = answer.path().startsWith("/api/") && !PUBLIC.contains(answer.path());
            if (PUBLIC.contains(answer.path())) {
                assertThat(answer.rule()).as(answer.toString()).isNotIn("authentication-required", "forbidden");
            } else if (answer.role() == null) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
                assertThat(answer.rule()).as(answer.toString()).isEqualTo("authentication-required");
            } else if (badTokens.containsKey(answer.role())) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
                assertThat(answer.rule()).as(answer.toString()).isEqualTo("token-invalid");
            } else if (staffCall) {
                assertThat(answer.rule().equals("forbidden")).as(answer.toString())
                        .isEqualTo(!answer.role().equals(TestTokens.ADMIN));
            } else if (PRIVACY.contains(answer.path())) {
                assertThat(answer.rule().equals("forbidden")).as(answer.toString()).isEqualTo(
                        !answer.role().startsWith("privacy:") && !answer.role().startsWith("supervisor:"));
            } else if (answer.path().equals(LEGAL_HOLD)) {
                assertThat(answer.rule().equals("forbidden")).as(answer.toString()).isEqualTo(
                        !answer.role().startsWith("auditor:") && !answer.role().startsWith("supervisor:"));
            } else if (api && (answer.role().equals(TestTokens.ADMIN) || answer.role().startsWith("ops:")
                    || answer.role().startsWith("privacy:"))) {
                assertThat(answer.rule()).as(answer.toString()).isEqualTo("forbidden");
            } else if (api && answer.role().startsWith("auditor:") && !READ.contains(answer.method())
                    && !AUDITOR_WRITES.contains(answer.path())) {
                assertThat(answer.rule()).as(answer.toString()).isEqualTo("forbidden");
            } else if (answer.role().equals(STRANGER)) {
                // Refused for the role (403), or told the conversation does not exist (404): nothing else.
                assertThat(answer.status()).as(answer.toString()).isIn(403, 404);
                if (answer.status() == 404) {
                    assertThat(answer.rule()).as(answer.toString()).isEqualTo("conversation-not-found");
                }
            } else if (api) {
                assertThat(answer.rule()).as(answer.toString()).isNotIn("forbidden", "authentication-required",
                        "token-invalid");
                if (answer.role().equals(OWNER)) {
                    assertThat(answer.rule()).as(answer.toString()).isNotEqualTo("conversation-not-found");
                }
            }
        });
    }

    /** Tokens that must never let a call in, each for a supervisor, who may call almost everything. */
    private static Map<String, String> badTokens(TokenMint mint) {
        Instant now = Instant.now();
        JWTClaimsSet valid = TokenMint.claims("s-m", List.of("supervisor")).build();
        return Map.of(
                "expired token", mint.sign(TokenMint.claims("s-m", List.of("supervisor"))
                        .issueTime(Date.from(now.minusSeconds(3600))).expirationTime(Date.from(now.minusSeconds(600)))
                        .build()),
                "token of another key", TokenMint.sign(valid, TokenMint.foreignKey(mint.newestKey().getKeyID())),
                "unsigned token", TokenMint.unsigned(valid),
                "token for another audience", mint.sign(TokenMint.claims("s-m", List.of("supervisor"))
                        .audience("another-api").build()));
    }

    /** One call by {@code role}, with its own token, or with {@code token} when one is given. */
    private static Answer call(LivechatServer server, String role, String token, String method, String path,
                               String uri) {
        WebClient.RequestBodySpec request = WebClient.create(server.baseUrl()).method(HttpMethod.valueOf(method))
                .uri(uri).contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            request.headers(headers -> headers.setBearerAuth(token));
        } else if (role != null) {
            request.headers(server.as(role));
        }
        if (path.endsWith("/stream")) {
            request.accept(MediaType.TEXT_EVENT_STREAM);
        }
        WebClient.RequestHeadersSpec<?> sent = READ.contains(method) || method.equals("DELETE") ? request
                : request.bodyValue("{}");
        return sent.exchangeToMono(response -> {
            boolean stream = path.endsWith("/stream") && response.statusCode().is2xxSuccessful();
            // An opened stream does not end: its status is the answer, once its first event arrived.
            return stream ? response.bodyToFlux(String.class).take(1)
                    .then(Mono.just(new Answer(role, method, path, response.statusCode().value(), "")))
                    : response.bodyToMono(String.class).defaultIfEmpty("")
                    .map(body -> new Answer(role, method, path, response.statusCode().value(), rule(body)));
        }).timeout(Duration.ofSeconds(30), Mono.error(() -> new AssertionError("no answer in 30 s to " + role + " "
                + method + " " + uri))).block();
    }

    private static String rule(String body) {
        int at = body.indexOf("\"rule\":\"");
        return at < 0 ? "" : body.substring(at + 8, body.indexOf('"', at + 8));
    }
}
