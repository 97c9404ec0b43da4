package livechat.api;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.http.HttpHeaders;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The whole server started as a user starts it, on a real port, with its stores under {@code dataDir}. Read models
 * go to the embedded MongoDB unless {@code LIVECHAT_MONGODB_URI} names a real one (then into a fresh database). It
 * starts with the bootstrap admin {@link TestTokens#ADMIN}; {@link #as} gives any party's bearer token.
 */
public final class LivechatServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private TestTokens tokens;

    private LivechatServer(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
    }

    /** {@code settings} are more {@code --name=value} arguments, as a user would pass them. */
    public static LivechatServer start(Path dataDir, String... settings) {
        return startOn(dataDir, "livechat-test-" + UUID.randomUUID().toString().substring(0, 8), settings);
    }

    /** Starting twice with the same {@code dataDir} and {@code database} is a restart on the same data. */
    public static LivechatServer startOn(Path dataDir, String database, String... settings) {
        List<String> arguments = new ArrayList<>(List.of(
                "--livechat.data-dir=" + dataDir.toAbsolutePath(),
                "--livechat.mongodb.embedded-port=0",
                "--livechat.mongodb.database=" + database,
                "--livechat.auth.bootstrap-admin=admin:" + TestTokens.ADMIN_PASSWORD));
        // A random port, unless the test keeps one across restarts.
        if (Arrays.stream(settings).noneMatch(setting -> setting.startsWith("--server.port="))) {
            arguments.add("--server.port=0");
        }
        // The tests sign in and send from one address far more often than a client may; RateLimitsTest turns the
        // limits on with its own.
        if (Arrays.stream(settings).noneMatch(setting -> setting.startsWith("--livechat.limits."))) {
            arguments.add("--livechat.limits.enabled=false");
        }
        arguments.addAll(List.of(settings));
        return new LivechatServer(new SpringApplicationBuilder(LivechatApplication.class)
                .run(arguments.toArray(String[]::new)), dataDir);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    public WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Every party's bearer token, as the tests name them ({@code visitor:v-1}, {@code agent:a-1}...). */
    public synchronized TestTokens tokens() {
        if (tokens == null) {
            tokens = new TestTokens(client(), dataDir);
        }
        return tokens;
    }

    /** The {@code Authorization} header of {@code actor}. */
    public Consumer<HttpHeaders> as(String actor) {
        return tokens().as(actor);
    }

    /** A client of the calls a chat frontend makes. */
    public ChatClient chat() {
        return new ChatClient(client(), tokens());
    }

    public Path dataDir() {
        return dataDir;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
