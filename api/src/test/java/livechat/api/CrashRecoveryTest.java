package livechat.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing acknowledged is lost: the server is killed (SIGKILL, no shutdown hooks), or stopped (SIGTERM), while
 * clients keep sending; after a restart on the same data every message that was answered 201 is in the event log
 * and, once the projections catch up, in the transcript. A stop answers no request with a server error.
 */
class CrashRecoveryTest {

    private static final String VISITOR = "visitor:v-1";

    @TempDir
    Path data;
    private final List<Process> servers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

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

    @Test
    void aStopUnderLoadAnswersNoServerErrorAndLosesNothing() throws Exception {
        ChatClient chat = chatWith(launch("first"));
        List<String> conversations = List.of(chat.startConversation(VISITOR, "Stop 1"),
                chat.startConversation(VISITOR, "Stop 2"), chat.startConversation(VISITOR, "Stop 3"),
                chat.startConversation(VISITOR, "Stop 4"));
        Map<String, List<Long>> acknowledged = new ConcurrentHashMap<>();
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> senders = conversations.stream().map(id -> CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 10_000; i++) {
                EntityExchangeResult<Map> sent = chat.send(VISITOR, id, "cm-" + i, "message " + i)
                        .expectBody(Map.class).returnResult();
                statuses.add(sent.getStatus().value());
                if (sent.getStatus().value() == 201) {
                    acknowledged.computeIfAbsent(id, c -> new CopyOnWriteArrayList<>())
                            .add(((Number) sent.getResponseBody().get("sequence")).longValue());
                }
            }
        })).toList();
        // An open stream and an idle keep-alive connection must not hold the stop up.
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> stream = WebClient.create("http://localhost:" + ports.get(0)).get()
                .uri("/api/conversations/{id}/stream", conversations.get(0)).headers(chat.as(VISITOR))
                .accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                }).doOnNext(events::add).then().toFuture();
        try (Socket idle = new Socket("localhost", ports.get(0))) {
            idle.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(idle.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 200");
            await().atMost(Duration.ofSeconds(60)).until(() -> statuses.size() >= 80);
            Process first = servers.get(0);
            first.destroy();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
        }
        senders.forEach(sender -> assertThat(sender).failsWithin(Duration.ofSeconds(30)));
        assertThat(stream).as("the stream ends, it does not fail").succeedsWithin(Duration.ofSeconds(5));
        assertThat(events.get(events.size() - 1).event()).isEqualTo("reconnect");

        assertThat(statuses).as("answers during the stop").allMatch(status -> status < 500 || status == 503);
        List<String> log = Files.readAllLines(data.resolve("first.log"));
        assertThat(log).as("a clean stop logs no error").noneMatch(line -> line.contains(" ERROR "));
        assertThat(log).as("nothing held the stop up").anyMatch(line -> line.contains("Graceful shutdown complete"))
                .noneMatch(line -> line.contains("Graceful shutdown aborted"));
        ChatClient restarted = chatWith(launch("second"));
        for (String id : conversations) {
            List<Long> survived = acknowledged.getOrDefault(id, List.of()).stream().toList();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(restarted.everySequence(VISITOR, id)).containsAll(survived));
        }
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
        ports.add(port);
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
