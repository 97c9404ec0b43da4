package livechat.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing acknowledged is lost: the server is killed (SIGKILL, no shutdown hooks) while a client keeps sending;
 * after a restart on the same data every message that was answered 201 is in the event log and, once the
 * projections catch up, in the transcript.
 */
class CrashRecoveryTest {

    private static final String VISITOR = "visitor:v-1";

    @TempDir
    Path data;
    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        servers.forEach(Process::destroyForcibly);
    }

    @Test
    void acknowledgedMessagesSurviveAKill() throws Exception {
        ChatClient chat = chatWith(launch("first"));
        String id = chat.startConversation(VISITOR, "Before the crash");
        List<Long> acknowledged = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 10_000; i++) {
                acknowledged.add(chat.sendNew(VISITOR, id, "cm-" + i, "message " + i));
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 40);
        servers.get(0).destroyForcibly().waitFor();
        assertThat(sender).failsWithin(Duration.ofSeconds(30));

        ChatClient restarted = chatWith(launch("second"));
        List<Long> survived = acknowledged.stream().toList();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                restarted.messages(VISITOR, id).stream().map(m -> ((Number) m.get("sequence")).longValue()).toList())
                .containsAll(survived));
        restarted.sendNew(VISITOR, id, "after-restart", "still here");
    }

    /** Visitors' tokens are signed with the key the server keeps in the shared data folder. */
    private ChatClient chatWith(WebTestClient client) {
        return new ChatClient(client, new TestTokens(client, data));
    }

    /** Starts the server in its own JVM on the shared data folder and waits until it answers. */
    private WebTestClient launch(String name) throws IOException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LivechatApplication.class.getName(),
                "--server.port=" + port, "--livechat.data-dir=" + data.toAbsolutePath(),
                "--livechat.mongodb.embedded-port=" + freePort(), "--livechat.mongodb.database=crash-test",
                "--livechat.limits.enabled=false")
                .redirectErrorStream(true).redirectOutput(data.resolve(name + ".log").toFile());
        servers.add(builder.start());
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> client.get().uri("/actuator/health")
                .exchange().returnResult(Map.class).getStatus().is2xxSuccessful());
        return client;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
