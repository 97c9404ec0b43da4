package livechat.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import livechat.api.security.PrincipalMetaData;
import livechat.events.agent.AgentEvent.AgentStatusChanged;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff from an external OpenID Connect provider (started here, before the server, since the server's settings name
 * its port), shaped like Keycloak's tokens (roles in
 * {@code realm_access.roles}, the name in {@code preferred_username}, an audience added by a mapper), served its
 * keys over HTTP on a loopback port; this server's own visitor tokens keep working beside them.
 */
class ExternalIssuerTest {

    private static final String AUDIENCE = "livechat-api";

    @TempDir
    static Path data;
    private static HttpServer provider;
    private static String issuer;
    private static RSAKey providerKey;
    private static LivechatServer server;

    @BeforeAll
    static void start() throws IOException, JOSEException {
        providerKey = new RSAKeyGenerator(2048).keyID("realm-key-1").generate();
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] keys = new JWKSet(providerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        provider.createContext("/realms/support/protocol/openid-connect/certs", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(keys);
            }
        });
        provider.start();
        String base = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/support";
        issuer = base;
        server = LivechatServer.start(data, "--livechat.auth.oidc.issuer=" + issuer,
                "--livechat.auth.oidc.jwk-set-uri=" + base + "/protocol/openid-connect/certs",
                "--livechat.auth.oidc.audience=" + AUDIENCE,
                "--livechat.auth.oidc.roles-claim=realm_access.roles");
    }

    @AfterAll
    static void stop() {
        server.close();
        provider.stop(0);
    }

    /** A Keycloak-shaped access token for {@code username} with realm roles {@code roles}. */
    private static JWTClaimsSet.Builder keycloak(String username, String... roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject(UUID.nameUUIDFromBytes(username.getBytes()).toString())
                .audience(List.of(AUDIENCE, "account")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).claim("preferred_username", username)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .claim("scope", "openid profile");
    }

    private static WebTestClient.ResponseSpec get(String token, String uri) {
        return server.client().get().uri(uri).headers(headers -> headers.setBearerAuth(token)).exchange();
    }

    @Test
    void theProvidersStaffActInTheRolesItGivesThem() {
        String kira = TokenMint.sign(keycloak("kira", "supervisor", "offline_access").build(), providerKey);
        get(kira, "/api/agents").expectStatus().isOk();
        server.client().post().uri("/api/agents").headers(headers -> headers.setBearerAuth(kira))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("agentId", "ola", "name", "Ola", "skills", List.of(), "capacity", 2))
                .exchange().expectStatus().isCreated();

        String ola = TokenMint.sign(keycloak("ola", "agent").build(), providerKey);
        server.client().put().uri("/api/agents/ola/status").headers(headers -> headers.setBearerAuth(ola))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("status", "ONLINE"))
                .exchange().expectStatus().isOk();
        assertThat(EventLog.read(server)).filteredOn(event -> event.getPayload() instanceof AgentStatusChanged changed
                        && changed.status().name().equals("ONLINE"))
                .singleElement().satisfies(event -> assertThat(event.getMetaData())
                        .containsEntry("actor", "agent:ola")
                        .containsEntry(PrincipalMetaData.ISSUER, issuer)
                        .containsEntry(PrincipalMetaData.SUBJECT, UUID.nameUUIDFromBytes("ola".getBytes()).toString()));

        String ops = TokenMint.sign(keycloak("olli", "ops").build(), providerKey);
        get(ops, "/actuator/metrics").expectStatus().isOk();
        expectProblem(get(TokenMint.sign(keycloak("nora", "offline_access").build(), providerKey), "/api/agents"),
                403, "forbidden");
    }

    @Test
    void theProvidersTokensAreCheckedForAudienceIssuerExpiryAndKey() throws JOSEException {
        Instant now = Instant.now();
        expectProblem(get(TokenMint.sign(keycloak("kira", "supervisor").audience("account").build(), providerKey),
                "/api/agents"), 401, "token-invalid");
        expectProblem(get(TokenMint.sign(keycloak("kira", "supervisor").issuer(issuer + "-other").build(),
                providerKey), "/api/agents"), 401, "token-invalid");
        expectProblem(get(TokenMint.sign(keycloak("kira", "supervisor").issueTime(Date.from(now.minusSeconds(900)))
                .expirationTime(Date.from(now.minusSeconds(600))).build(), providerKey), "/api/agents"), 401,
                "token-invalid");
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(providerKey.getKeyID()).generate();
        expectProblem(get(TokenMint.sign(keycloak("kira", "supervisor").build(), impostor), "/api/agents"), 401,
                "token-invalid");
        expectProblem(get(TokenMint.unsigned(keycloak("kira", "supervisor").build()), "/api/agents"), 401,
                "token-invalid");
        // The provider cannot mint visitors: only this server's own sessions are visitors.
        expectProblem(get(TokenMint.sign(keycloak("v-1", "visitor").build(), providerKey), "/api/agents"), 403,
                "forbidden");
    }

    @Test
    void thisServersOwnTokensStillVerify() {
        String visitor = server.tokens().token("visitor:v-1");
        server.client().post().uri("/api/conversations").headers(headers -> headers.setBearerAuth(visitor))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topic", "Hello"))
                .exchange().expectStatus().isCreated();
        get(server.tokens().token(TestTokens.ADMIN), "/api/staff").expectStatus().isOk();
    }
}
