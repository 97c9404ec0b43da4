package livechat.api;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole server started as a user starts it, on a real port, with its stores under {@code dataDir}. Read models
 * go to the embedded MongoDB unless {@code LIVECHAT_MONGODB_URI} names a real one (then into a fresh database).
 */
public final class LivechatServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private LivechatServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static LivechatServer start(Path dataDir) {
        return start(dataDir, "livechat-test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Starting twice with the same {@code dataDir} and {@code database} is a restart on the same data. */
    public static LivechatServer start(Path dataDir, String database) {
        return start(dataDir, database, new String[0]);
    }

    /** {@code extraArgs} are further {@code --name=value} properties, e.g. another event store. */
    public static LivechatServer start(Path dataDir, String database, String... extraArgs) {
        String[] args = Stream.concat(Stream.of(
                "--server.port=0",
                "--livechat.data-dir=" + dataDir.toAbsolutePath(),
                "--livechat.mongodb.embedded-port=0",
                "--livechat.mongodb.database=" + database), Stream.of(extraArgs)).toArray(String[]::new);
        return new LivechatServer(new SpringApplicationBuilder(LivechatApplication.class).run(args));
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

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
