package livechat.api;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import livechat.api.security.VisitorIdentities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Knowing who is acting, over a real port: staff sign in and refresh, a disabled account is refused, every kind of
 * bad token is a 401 {@code token-invalid} problem, visitors get sessions (a site's signed-in customer the same
 * visitor id on every device), and the operations endpoints are public or for {@code ops} only.
 */
@ServerTest(settings = {"--livechat.auth.staff-cache-ttl=1s",
        "--livechat.sites.shop.secret=" + AuthenticationApiTest.SITE_SECRET})
class AuthenticationApiTest {

    static final String SITE_SECRET = "the-shop-signs-with-this";

    private static LivechatServer server;
    private static TestTokens tokens;

    @BeforeAll
    static void connect(LivechatServer running, TestTokens given) {
        server = running;
        tokens = given;
    }

    private static WebTestClient http() {
        return server.client();
    }

    private static WebTestClient.ResponseSpec agents(String bearer) {
        return http().get().uri("/api/agents").headers(headers -> headers.setBearerAuth(bearer)).exchange();
    }

    private static WebTestClient.ResponseSpec refresh(String refreshToken) {
        return http().post().uri("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refreshToken", refreshToken)).exchange();
    }

    @Test
    void staffSignInAndRefreshWithSingleUseRefreshTokens() {
        tokens.staff("sam", "supervisor");
        Map<?, ?> signedIn = tokens.signIn("sam", TestTokens.passwordOf("sam"));
        assertThat(signedIn.get("expiresIn")).isEqualTo(900);
        agents((String) signedIn.get("accessToken")).expectStatus().isOk();

        Map<?, ?> refreshed = refresh((String) signedIn.get("refreshToken")).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(refreshed.get("refreshToken")).isNotEqualTo(signedIn.get("refreshToken"));
        agents((String) refreshed.get("accessToken")).expectStatus().isOk();

        // A refresh token used twice was copied: the sign-in it belongs to ends, its newest refresh token too.
        expectProblem(refresh((String) signedIn.get("refreshToken")), 401, "token-invalid");
        expectProblem(refresh((String) refreshed.get("refreshToken")), 401, "token-invalid");
        expectProblem(refresh("made-up"), 401, "token-invalid");
    }

    @Test
    void aWrongPasswordOrUnknownNameIsTheSameRefusal() {
        tokens.staff("wes", "agent");
        expectProblem(signIn("wes", "not-the-password"), 401, "login-failed");
        expectProblem(signIn("nobody-at-all", "not-the-password"), 401, "login-failed");
        expectProblem(http().post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "wes")).exchange(), 400, "malformed-request");
    }

    @Test
    void aDisabledAccountIsRefusedWithinTheCacheTtlAndCanBeEnabledAgain() {
        tokens.staff("dee", "agent");
        Map<?, ?> signedIn = tokens.signIn("dee", TestTokens.passwordOf("dee"));
        String token = (String) signedIn.get("accessToken");
        agents(token).expectStatus().isOk();

        http().post().uri("/api/staff/dee/disable").headers(tokens.as(TestTokens.ADMIN)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.disabled").isEqualTo(true);
        // The staff cache lives 1 s here (30 s by default): the token already issued is refused soon after.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> expectProblem(agents(token), 401,
                "account-disabled"));
        expectProblem(signIn("dee", TestTokens.passwordOf("dee")), 401, "account-disabled");
        expectProblem(refresh((String) signedIn.get("refreshToken")), 401, "account-disabled");

        http().post().uri("/api/staff/dee/enable").headers(tokens.as(TestTokens.ADMIN)).exchange()
                .expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> agents(token).expectStatus().isOk());
    }

    @Test
    void aDisabledAccountsOpenStreamEndsWithinAMinute() {
        tokens.staff("sid", "supervisor");
        String conversation = server.chat().startConversation("visitor:v-watched", "Watched");
        String token = (String) tokens.signIn("sid", TestTokens.passwordOf("sid")).get("accessToken");
        AtomicBoolean ended = new AtomicBoolean();
        List<Object> received = new CopyOnWriteArrayList<>();
        Disposable stream = WebClient.create(server.baseUrl()).get()
                .uri("/api/conversations/{id}/stream?after=-1", conversation)
                .headers(headers -> headers.setBearerAuth(token)).accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(String.class).doOnTerminate(() -> ended.set(true)).subscribe(received::add);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
            http().post().uri("/api/staff/sid/disable").headers(tokens.as(TestTokens.ADMIN)).exchange()
                    .expectStatus().isOk();
            await().atMost(Duration.ofSeconds(60)).untilTrue(ended);
        } finally {
            stream.dispose();
        }
    }

    @Test
    void noTokenIsAuthenticationRequired() {
        WebTestClient.ResponseSpec answer = http().get().uri("/api/agents").exchange();
        answer.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"livechat\"");
        expectProblem(answer, 401, "authentication-required");
        expectProblem(http().get().uri("/api/agents").header("Authorization", "Basic YWRtaW46YWRtaW4=").exchange(),
                401, "authentication-required");
    }

    @Test
    void everyKindOfBadTokenIsTokenInvalid() {
        tokens.staff("tia", "supervisor");
        TokenMint mint = tokens.mint();
        JWK serverKey = mint.newestKey();
        Instant now = Instant.now();
        JWTClaimsSet valid = TokenMint.claims("tia", List.of("supervisor")).build();
        agents(mint.sign(valid)).expectStatus().isOk();

        JWTClaimsSet expired = TokenMint.claims("tia", List.of("supervisor"))
                .issueTime(Date.from(now.minusSeconds(3600))).expirationTime(Date.from(now.minusSeconds(600))).build();
        JWTClaimsSet otherAudience = TokenMint.claims("tia", List.of("supervisor")).audience("another-api").build();
        JWTClaimsSet otherIssuer = TokenMint.claims("tia", List.of("supervisor")).issuer("https://evil.example")
                .build();
        JWTClaimsSet noExpiry = TokenMint.claims("tia", List.of("supervisor")).expirationTime(null).build();
        Map<String, String> bad = Map.of(
                "expired", mint.sign(expired),
                "signed by another key under the server's kid", TokenMint.sign(valid,
                        TokenMint.foreignKey(serverKey.getKeyID())),
                "unknown kid", TokenMint.sign(valid, TokenMint.foreignKey("no-such-key")),
                "alg none", TokenMint.unsigned(valid),
                "wrong audience", mint.sign(otherAudience),
                "untrusted issuer", mint.sign(otherIssuer),
                "no expiry", mint.sign(noExpiry),
                "malformed", "not.a.jwt",
                "oversized", mint.sign(TokenMint.claims("tia", List.of("supervisor"))
                        .claim("padding", "x".repeat(5000)).build()));
        assertThat(bad).allSatisfy((what, token) -> {
            WebTestClient.ResponseSpec answer = agents(token);
            assertThat(answer.returnResult(String.class).getResponseHeaders().getFirst("WWW-Authenticate")).as(what)
                    .isEqualTo("Bearer realm=\"livechat\", error=\"invalid_token\"");
            expectProblem(answer, 401, "token-invalid");
        });
    }

    @Test
    void aTokenOfAnAccountThatDoesNotExistIsRefused() {
        expectProblem(agents(tokens.mint().sign(TokenMint.claims("ghost", List.of("supervisor")).build())), 401,
                "token-invalid");
    }

    @Test
    void visitorsGetSessionsAndASitesCustomerKeepsOneVisitorId() {
        Map<?, ?> anonymous = visitorSession(Map.of()).expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody();
        Map<?, ?> another = visitorSession(Map.of()).expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody();
        assertThat((String) anonymous.get("visitorId")).startsWith("v-").isNotEqualTo(another.get("visitorId"));
        assertThat(anonymous.keySet()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.collection(Object.class))
                .contains("accessToken", "refreshToken", "expiresIn");

        Map<String, String> customer = Map.of("siteId", "shop", "customerId", "cust-4711",
                "signature", VisitorIdentities.signature(SITE_SECRET, "cust-4711"));
        Map<?, ?> laptop = visitorSession(customer).expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody();
        Map<?, ?> phone = visitorSession(customer).expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody();
        assertThat(laptop.get("visitorId")).isEqualTo(phone.get("visitorId"));
        assertThat((String) laptop.get("visitorId")).startsWith("c-").doesNotContain("cust-4711");
        Map<?, ?> otherCustomer = visitorSession(Map.of("siteId", "shop", "customerId", "cust-4712",
                "signature", VisitorIdentities.signature(SITE_SECRET, "cust-4712"))).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(otherCustomer.get("visitorId")).isNotEqualTo(laptop.get("visitorId"));

        // The history follows the customer: what the laptop started, the phone reads.
        String id = startConversation((String) laptop.get("accessToken"));
        http().get().uri("/api/conversations/{id}", id)
                .headers(headers -> headers.setBearerAuth((String) phone.get("accessToken"))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.visitorId").isEqualTo(laptop.get("visitorId"));
        expectProblem(http().get().uri("/api/conversations/{id}", id)
                .headers(headers -> headers.setBearerAuth((String) otherCustomer.get("accessToken"))).exchange(),
                404, "conversation-not-found");

        // A visitor's refresh keeps the visitor id.
        Map<?, ?> refreshed = refresh((String) phone.get("refreshToken")).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        http().get().uri("/api/conversations/{id}", id)
                .headers(headers -> headers.setBearerAuth((String) refreshed.get("accessToken"))).exchange()
                .expectStatus().isOk();
    }

    @Test
    void aWrongSignatureOrUnknownSiteIsRefused() {
        expectProblem(visitorSession(Map.of("siteId", "shop", "customerId", "cust-4711",
                "signature", VisitorIdentities.signature("a-guessed-secret", "cust-4711"))), 401,
                "visitor-signature-invalid");
        expectProblem(visitorSession(Map.of("siteId", "shop", "customerId", "cust-4711",
                "signature", VisitorIdentities.signature(SITE_SECRET, "cust-4712"))), 401,
                "visitor-signature-invalid");
        expectProblem(visitorSession(Map.of("siteId", "elsewhere", "customerId", "cust-4711",
                "signature", VisitorIdentities.signature(SITE_SECRET, "cust-4711"))), 401,
                "visitor-signature-invalid");
        expectProblem(visitorSession(Map.of("siteId", "shop", "customerId", "cust-4711", "signature", "zz")), 401,
                "visitor-signature-invalid");
        expectProblem(visitorSession(Map.of("siteId", "shop", "customerId", "cust-4711")), 400,
                "malformed-request");
    }

    @Test
    void healthIsPublicAndMetricsAreForOps() {
        http().get().uri("/actuator/health").exchange().expectStatus().isOk();
        http().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        expectProblem(http().get().uri("/actuator/metrics").exchange(), 401, "authentication-required");
        expectProblem(http().get().uri("/actuator/metrics").headers(tokens.as("supervisor:s-1")).exchange(), 403,
                "forbidden");
        expectProblem(http().get().uri("/actuator/prometheus").headers(tokens.as(TestTokens.ADMIN)).exchange(), 403,
                "forbidden");
        http().get().uri("/actuator/metrics").headers(tokens.as("ops:o-1")).exchange().expectStatus().isOk();
        http().get().uri("/actuator/prometheus").headers(tokens.as("ops:o-1")).exchange().expectStatus().isOk();
        // ops reads metrics, nothing else.
        expectProblem(http().get().uri("/api/agents").headers(tokens.as("ops:o-1")).exchange(), 403, "forbidden");
    }

    @Test
    void thePublicKeysAreServedAndThePrivateOnesKeptOwnerOnly() throws Exception {
        Path data = server.dataDir();
        http().get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.keys[0].kid").isEqualTo(tokens.mint().newestKey().getKeyID())
                .jsonPath("$.keys[0].kty").isEqualTo("EC")
                .jsonPath("$.keys[0].d").doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys/jwks.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                data.resolve("keys/visitor-id.key")))).isEqualTo("rw-------");
    }

    private static WebTestClient.ResponseSpec signIn(String username, String password) {
        return http().post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password)).exchange();
    }

    private static WebTestClient.ResponseSpec visitorSession(Map<String, String> body) {
        return http().post().uri("/api/visitor-sessions").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    private static String startConversation(String bearer) {
        return (String) http().post().uri("/api/conversations").headers(headers -> headers.setBearerAuth(bearer))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topic", "Where is my parcel?"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("conversationId");
    }
}
