package livechat.api;

import livechat.events.Actor;
import livechat.events.Role;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One bearer token per acting party, written as the tests name them ({@code visitor:v-1}, {@code agent:a-1},
 * {@code supervisor:s-1}, {@code auditor:x-1}, {@code ops:o-1}, {@code admin:admin}). Staff sign in for real: the
 * first time a name is used, the bootstrap admin creates its account with that one role, and it signs in at
 * {@code /api/auth/token}. Visitors, whose ids the tests choose, get a token signed with the server's own key.
 */
public final class TestTokens {

    /** The bootstrap admin every test server starts with ({@link LivechatServer}). */
    public static final String ADMIN = "admin:admin";
    public static final String ADMIN_PASSWORD = "admin-password";

    private final WebTestClient http;
    private final TokenMint mint;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public TestTokens(WebTestClient http, Path dataDir) {
        this.http = http;
        this.mint = new TokenMint(dataDir);
    }

    /** The {@code Authorization: Bearer} header of {@code actor}. */
    public Consumer<HttpHeaders> as(String actor) {
        String token = token(actor);
        return headers -> headers.setBearerAuth(token);
    }

    /** {@code actor}'s access token, obtained once. */
    public String token(String actor) {
        return tokens.computeIfAbsent(actor, this::obtain);
    }

    public TokenMint mint() {
        return mint;
    }

    /** The password the tests give a staff account. */
    public static String passwordOf(String username) {
        return username + "-password";
    }

    /** Creates the staff account {@code username} (unless it exists) with {@code roles}. */
    public void staff(String username, String... roles) {
        int status = http.post().uri("/api/staff").headers(as(ADMIN)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", passwordOf(username), "roles", List.of(roles)))
                .exchange().expectBody(String.class).returnResult().getStatus().value();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("creating the staff account " + username + " answered " + status);
        }
    }

    /** Signs in at /api/auth/token; the answer's accessToken, refreshToken and expiresIn. */
    public Map<?, ?> signIn(String username, String password) {
        return http.post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private String obtain(String actor) {
        Actor parsed = Actor.parse(actor);
        if (parsed.is(Role.VISITOR)) {
            return mint.visitor(parsed.id());
        }
        if (actor.equals(ADMIN)) {
            return (String) signIn("admin", ADMIN_PASSWORD).get("accessToken");
        }
        staff(parsed.id(), parsed.role().wireName());
        return (String) signIn(parsed.id(), passwordOf(parsed.id())).get("accessToken");
    }
}
