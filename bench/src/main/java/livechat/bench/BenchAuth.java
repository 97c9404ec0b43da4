package livechat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the benchmarks sign in to the servers they start: each server starts with a bootstrap admin, who creates one
 * staff account ({@code bench}: supervisor, to follow every conversation's stream, and ops, to read the Actuator
 * metrics); the load is sent by one visitor with a session of its own. Tokens live 24 hours on these servers, longer
 * than any run.
 */
final class BenchAuth {

    private static final String ADMIN = "bench-admin";
    private static final String PASSWORD = "bench-password";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final Map<Integer, String> VISITORS = new HashMap<>();
    private static final Map<Integer, String> STAFF = new HashMap<>();

    private BenchAuth() {
    }

    /** The settings a benchmarked server starts with. */
    static List<String> serverArguments() {
        return List.of("--livechat.auth.bootstrap-admin=" + ADMIN + ":" + PASSWORD,
                "--livechat.auth.access-token-ttl=24h", "--livechat.limits.enabled=false");
    }

    /** Forgets the tokens of an earlier server on {@code port}: a port is used again by a later server. */
    static synchronized void forget(int port) {
        VISITORS.remove(port);
        STAFF.remove(port);
    }

    /** The visitor who starts the benchmark's conversations and sends their messages, on the server at {@code port}. */
    static synchronized String visitor(int port) throws IOException, InterruptedException {
        String token = VISITORS.get(port);
        if (token == null) {
            token = accessToken(post(port, "/api/visitor-sessions", "{}", null));
            VISITORS.put(port, token);
        }
        return token;
    }

    /** The staff account {@code bench} (supervisor and ops) on the server at {@code port}. */
    static synchronized String staff(int port) throws IOException, InterruptedException {
        String token = STAFF.get(port);
        if (token == null) {
            String admin = accessToken(post(port, "/api/auth/token", credentials(ADMIN), null));
            HttpResponse<String> created = post(port, "/api/staff", "{\"username\":\"bench\",\"password\":\""
                    + PASSWORD + "\",\"roles\":[\"supervisor\",\"ops\"]}", admin);
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                throw new IllegalStateException("cannot create the bench staff account: " + created.body());
            }
            token = accessToken(post(port, "/api/auth/token", credentials("bench"), null));
            STAFF.put(port, token);
        }
        return token;
    }

    private static String credentials(String username) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}";
    }

    private static HttpResponse<String> post(int port, String path, String body, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String accessToken(HttpResponse<String> answer) {
        Matcher token = ACCESS_TOKEN.matcher(answer.body());
        if (answer.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("signing in failed: " + answer.statusCode() + " " + answer.body());
        }
        return token.group(1);
    }
}
